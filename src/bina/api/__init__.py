"""The HTTP API: routes, identity and quota, errors, SSE, metrics (wired by bina.app).

`bina.api.main.create_api` builds the app. This package imports nothing by itself, so that a
worker process, which needs only `site_jobs`, does not load FastAPI and every route.
"""
