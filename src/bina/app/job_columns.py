"""Where a generation job's data lives in `generation_jobs`: the original table's columns.

The table keeps the meaning its columns had in the system Bina replaces, so an existing
deployment upgrades in place and people reading it by hand (Supabase's table editor, SQL)
find the description, the first design's HTML and every design where they always were.
"""

from __future__ import annotations

from bina.api import site_jobs
from bina.jobs import ColumnMap

WEBSITE_COLUMNS = ColumnMap(
    payload={site_jobs.DESCRIPTION: "description", site_jobs.LANGUAGE: "language"},
    partial={site_jobs.STYLES: "styles"},
    result={
        site_jobs.HTML: "html",
        site_jobs.STYLES: "styles",
        site_jobs.BUSINESS_TYPE: "business_type",
    },
    # The original table's `styles` is an empty JSON array until the first design exists.
    empty={"styles": []},
)
