"""台账设置 (records/ledger.yaml): the one settings object, with its defaults and types.

Settings used to be a raw dict read in a dozen places, each with its own default
(`min_cases_for_ranking` was 5 in code and 3 in the ledger). Now the ledger settings
schema is the only place where a default is written (its `default` keywords), this
dataclass is the only shape code reads, and `settings_from` is the only way to make one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import from_data
from .base import Kind


@dataclass(frozen=True, slots=True)
class Intake:
    """The public channels a resident can use besides meeting a deputy: the QR pages list them."""

    hotline: str | None = None
    hotline_name: str | None = None
    hotline_hours: str | None = None
    mini_program: str | None = None
    mini_program_url: str | None = None
    issue_form_url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    id: str
    district: str
    office: str
    categories: tuple[str, ...]
    channels: tuple[str, ...]
    project_themes: tuple[str, ...]
    default_deadline_days: int
    repository_url: str
    qr_url_pattern: str
    min_cases_for_ranking: int
    branch: str
    site_url: str
    intake: Intake
    streets: dict  # street name -> its community names (minyi.places): the controlled vocabulary
    stale_after_days: int  # a project underway with no timeline event for longer is 长期未更新
    station_qr_url_pattern: str | None = None
    channels_without_deputy: tuple[str, ...] = ()  # channels whose suggestions need no deputy (schema default)
    recording_since: dt.date | None = None  # live recording began: events before it are 导入/补录 (minyi.recording)

    @property
    def station_url_pattern(self) -> str:
        """Where a station's QR code (联络站码) leads: the configured pattern, else the station's page on the site."""
        return self.station_qr_url_pattern or f"{self.site_url.rstrip('/')}/stations/{{id}}/"

    @property
    def blob_url(self) -> str:
        """Where a record file can be read on the forge: repository_url + /blob/<branch>/."""
        return f"{self.repository_url.rstrip('/')}/blob/{self.branch}/"

    def words(self, setting: str) -> tuple[str, ...]:
        return getattr(self, setting)


KIND = Kind(
    name="ledger", title="台账设置", folder="", prefix="", model=Settings, refs=(("office", "department"),), recorded=()
)


def defaults() -> dict:
    from ..schema import raw_schema

    return {k: v["default"] for k, v in raw_schema("ledger")["properties"].items() if "default" in v}


def settings_from(data: dict) -> Settings:
    """Settings from schema-valid ledger.yaml data, with the schema's defaults filled in."""
    return from_data(Settings, {**defaults(), **data})
