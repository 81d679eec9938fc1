"""Tools for trying the front desk, never run in production: the demo set-up (directory,
rulebook, accounts, partner site), made-up history for the reports, and the phone simulator
(its engine, the page at /simulator and `frontdesk call`). The simulator page is registered only
when FRONTDESK_PHONE_SIMULATOR is on (never in production)."""
