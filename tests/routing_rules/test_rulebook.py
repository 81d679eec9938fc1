"""Loading rulebooks: every problem reported with file, line and reason."""
import json

import pytest

from routing_rules import RulebookError, default_rulebook_path, load_rulebook, load_rulebook_file, schema

SERVICES = {"urgent-duty-line", "national-helpline", "out-of-hours"}
GOOD = """\
rulebook: test
signposting:
  emergency: Call 999.
rules:
  - id: urgent
    when: {urgent: true}
    targets: [{service: urgent-duty-line}]
    signpost: emergency
  - id: national
    targets:
      - service: national-helpline
        timeout_s: 45
  - id: callback
    callback: [local_iass, national-helpline]
"""


def problems(text: str, services=SERVICES) -> list[str]:
    with pytest.raises(RulebookError) as caught:
        load_rulebook(text, "draft.yaml", services)
    return [str(p) for p in caught.value.problems]


def test_a_good_rulebook_loads_with_a_content_version():
    rb = load_rulebook(GOOD, "draft.yaml", SERVICES)
    assert [r.id for r in rb.rules] == ["urgent", "national", "callback"]
    assert rb.rules[1].targets[0].timeout_s == 45
    assert rb.version.startswith("sha256:") and rb.version == load_rulebook(GOOD, "x", None).version
    assert rb.version != load_rulebook(GOOD.replace("test", "test 2"), "x", None).version


def test_the_default_rulebook_is_valid():
    rb = load_rulebook_file(default_rulebook_path())
    assert [r.id for r in rb.rules][0] == "urgent" and rb.rules[-1].callback


def test_unknown_setting_names_the_line_and_suggests_the_right_word():
    text = GOOD.replace("    when: {urgent: true}", "    when: {urgnet: true}")
    assert problems(text) == ["draft.yaml:6: unknown setting 'urgnet' in rules.0.when (did you mean 'urgent'?)"]


def test_unknown_service_topic_and_signpost_are_all_reported():
    text = GOOD.replace("service: national-helpline\n", "service: natonal-helpline\n") \
               .replace("  - id: national\n", "  - id: national\n    when: {topic: tribnal}\n") \
               .replace("signpost: emergency", "signpost: emergncy")
    found = problems(text)
    assert "draft.yaml:8: no signposting text named 'emergncy' (did you mean 'emergency'?)" in found
    assert "draft.yaml:10: unknown topic 'tribnal' (did you mean 'tribunal'?)" in found
    assert "draft.yaml:12: unknown service 'natonal-helpline' (did you mean 'national-helpline'?)" in found


def test_duplicate_rule_ids_and_keys():
    text = GOOD.replace("  - id: national\n", "  - id: urgent\n")
    assert "draft.yaml:9: rule id 'urgent' is already used on line 5" in problems(text)
    text = GOOD.replace("rulebook: test\n", "rulebook: test\nrulebook: again\n")
    assert problems(text) == ["draft.yaml:2: 'rulebook' appears twice here"]


def test_broken_yaml_gives_the_line():
    found = problems(GOOD.replace("    targets: [{service: urgent-duty-line}]", "    targets: [{service: urgent"))
    assert len(found) == 1 and found[0].startswith("draft.yaml:") and "not valid YAML" in found[0]


def test_wrong_types_are_reported_at_their_line():
    found = problems(GOOD.replace("timeout_s: 45", "timeout_s: soon"))
    assert found == ["draft.yaml:12: rules.1.targets.0.timeout_s: 'soon' is not of type 'integer'"]


def test_a_rulebook_must_start_with_urgent_and_end_with_a_catch_all_callback():
    no_urgent = GOOD.replace("    when: {urgent: true}\n", "")
    assert any("first rule must take urgent contacts" in p for p in problems(no_urgent))
    no_catch_all = GOOD.replace("  - id: callback\n    callback:", "  - id: callback\n    when: {channel: phone}\n    callback:")
    assert any("draft.yaml:13: the last rule must catch every contact" in p for p in problems(no_catch_all))


def test_a_rule_needs_targets_or_callback_not_both():
    text = GOOD.replace("  - id: callback\n    callback: [local_iass, national-helpline]",
                        "  - id: callback\n    targets: [{service: out-of-hours}]\n    callback: [national-helpline]")
    assert "draft.yaml:13: a rule needs either 'targets' or 'callback', not both" in problems(text)


def test_local_authority_condition_takes_gss_codes():
    text = GOOD.replace("  - id: national\n", "  - id: national\n    when: {local_authority: [Birmingham]}\n")
    assert any("'Birmingham' is not a local authority GSS code" in p for p in problems(text))


def test_the_published_schema_is_json_schema():
    published = schema()
    assert published["$schema"].endswith("2020-12/schema")
    assert json.loads(json.dumps(published))["required"] == ["rulebook", "rules"]
