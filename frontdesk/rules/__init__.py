"""The rulebook around the engine: the published versions and the one in force, deciding a
contact with it, and the operator's tools (side-by-side diff, replay over past contacts, the
route tester's form). Reading only; publishing is an action (`actions.rulebooks`)."""
