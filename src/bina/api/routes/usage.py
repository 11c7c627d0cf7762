"""The caller's free quota."""

from __future__ import annotations

from fastapi import APIRouter

from bina.api import service
from bina.api.deps import CallerDep, SettingsDep, StoreDep
from bina.api.docs import OPTIONAL_AUTH, errors
from bina.api.schemas import UsageResponse

router = APIRouter(prefix="/api", tags=["usage"])


@router.get(
    "/usage",
    response_model=UsageResponse,
    summary="The caller's quota",
    openapi_extra=OPTIONAL_AUTH,
    responses=errors(401, 422, 503),
)
async def usage(caller: CallerDep, store: StoreDep, settings: SettingsDep) -> UsageResponse:
    """Generations used and left in the rolling 24 h (per user, or per address if anonymous)."""
    current = await store.usage(service.quota_rule(settings, caller))
    return UsageResponse.model_validate(
        service.usage_body(current.used, current.limit, current.remaining, current.reset_at)
    )
