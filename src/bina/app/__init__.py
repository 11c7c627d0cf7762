"""The wiring: which store and handler the API and the workers use, the embedded worker,
startup and warm-up, and the web page's place in the app.

`create_app` builds the whole service; `bina serve` and `bina worker` run it.
"""

from bina.app.serving import create_app

__all__ = ["create_app"]
