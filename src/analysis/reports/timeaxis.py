"""What a chart's time axis spans, and how wide its bars are (facts with `unit`, `event_date`).

The axis spans every dated event, unless a few outliers (a date misread, a massacre recalled
as news) would stretch it more than three-fold: then it spans the middle `FOCUS` of the events'
dates and the chart says how many it leaves off (all of them stay in the tables). Bars are a
day, a week or a month wide, so that a span has a readable number of them.
"""
from __future__ import annotations

import pandas as pd

# Spans of time (days) up to which bars are a day, a week; beyond, a month.
PERIODS = ((62, "D"), (366, "W"), (None, "M"))
# The share of events whose dates the axis spans when outliers would stretch it.
FOCUS = 0.96
# Fewer dated events than this: the axis spans them all.
MIN_EVENTS = 20


def _dates(facts: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(facts.drop_duplicates("unit")["event_date"].dropna())


def window(facts: pd.DataFrame) -> tuple[str, str] | None:
    """(first, last) ISO dates the axis spans, or None when it spans every dated event."""
    dates = _dates(facts)
    if len(dates) < MIN_EVENTS:
        return None
    lo = dates.quantile((1 - FOCUS) / 2, interpolation="higher").normalize()
    hi = dates.quantile(1 - (1 - FOCUS) / 2, interpolation="lower").normalize()
    if (hi - lo).days * 3 >= (dates.max() - dates.min()).days:
        return None
    return lo.date().isoformat(), hi.date().isoformat()


def on_axis(facts: pd.DataFrame) -> pd.DataFrame:
    """The dated facts the time axis shows."""
    dated = facts[facts["event_date"].notna()]
    span = window(facts)
    if span is None:
        return dated
    return dated[(dated["event_date"] >= span[0]) & (dated["event_date"] <= span[1])]


def off_axis(facts: pd.DataFrame) -> dict:
    """How many events the axis leaves off: undated, and dated outside its window (with the window)."""
    span = window(facts)
    shown = on_axis(facts)["unit"].nunique()
    dated = facts.loc[facts["event_date"].notna(), "unit"].nunique()
    return {"undated": int(facts.loc[facts["event_date"].isna(), "unit"].nunique()),
            "outside": int(dated - shown), "first": span[0] if span else "", "last": span[1] if span else ""}


def period_code(facts: pd.DataFrame) -> str:
    """Day, week or month, by the span of the dates the axis shows."""
    dates = pd.to_datetime(on_axis(facts)["event_date"])
    span = (dates.max() - dates.min()).days if len(dates) else 0
    return next(code for days, code in PERIODS if days is None or span <= days)


def with_period(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts on the axis with the first day of their day, week or month as `period`."""
    shown = on_axis(facts)
    period = pd.to_datetime(shown["event_date"]).dt.to_period(period_code(facts)).dt.start_time
    return shown.assign(period=period.to_numpy())
