"""The wiring: which store and handler the API and the workers use, the embedded worker,
startup and warm-up, and the web page's place in the app.

`bina.app.serving.create_app` builds the whole service; `bina serve` and `bina worker` run it.
This package imports nothing by itself, so that `bina worker` loads no HTTP stack.
"""
