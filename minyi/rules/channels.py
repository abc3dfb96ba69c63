"""A suggestion collected by a deputy names the deputy; only channels without one may leave it out.

Why: 联络站接待、代表码、走访、议政代表会 are deputies' work, and the site credits and
holds that deputy to it; 12345, 网格 and 小程序 reach the office with no deputy at all.
The ledger settings' `channels_without_deputy` says which channels are which.
"""

from __future__ import annotations

from ..ledger import Record


def per_record(rec: Record, ctx):
    settings = ctx.ledger.settings
    if rec.kind != "suggestion" or settings is None or rec.model.deputies:
        return
    if rec.model.channel not in settings.channels_without_deputy:
        yield rec.loaded.report(
            ("channel",),
            "deputy-missing",
            channel=rec.model.channel,
            free="、".join(settings.channels_without_deputy) or "无",
        )
