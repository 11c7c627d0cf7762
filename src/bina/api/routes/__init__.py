"""One router per resource; `api_router` gathers them."""

from fastapi import APIRouter

from bina.api.routes import generate, health, published, sites, usage

api_router = APIRouter()
api_router.include_router(generate.router)
api_router.include_router(usage.router)
api_router.include_router(health.router)
api_router.include_router(sites.router)
api_router.include_router(published.router)

__all__ = ["api_router"]
