"""Reports for supervisors and admins, all counted in SQL from the handoff log (docs/reports.md).

`scope` says which contacts a report covers (dates, channel, service, local authority);
`dashboard` builds the dashboard's tables; `scorecard` measures local services against the
minimum standards; `table` holds a report's rows and turns them into CSV and chart data.
"""
