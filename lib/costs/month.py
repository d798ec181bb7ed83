"""The month every cost is counted in, as Azure's own worked examples count it: 30 days, 720 hours."""

DAYS_PER_MONTH = 30
HOURS_PER_MONTH = DAYS_PER_MONTH * 24
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
