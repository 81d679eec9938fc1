"""The `frontdesk` command line: route, rules check, directory import/export, postcodes import."""
import json

from frontdesk.cli import main


def run(runner, *args, input=None):
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def test_route_one_contact(runner):
    result = run(runner, "route", "-", "--at", "2026-11-25T11:00:00Z",
                 input='{\n  "channel": "phone",\n  "place": "Sutton Coldfield"\n}\n')
    assert result.exit_code == 0
    decision = json.loads(result.output)
    assert decision["targets"][0]["service"] == "birmingham-iass"
    assert decision["decided_at"] == "2026-11-25T11:00:00+00:00"


def test_route_json_lines_one_decision_per_line_and_bad_lines_named(runner):
    lines = "\n".join([
        json.dumps({"channel": "phone", "postcode": "TR18 2AB"}),
        json.dumps({"channel": "chat", "place": "Harrogate", "received_at": "2026-11-25T21:00:00Z"}),
        "{not json",
        json.dumps({"channel": "video", "message": "I'm scared he will hurt himself"}),
    ])
    result = runner.invoke(main, ["route", "-", "--at", "2026-11-25T11:00:00Z"], input=lines)
    assert result.exit_code == 1
    decisions = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["rule"] for d in decisions] == ["local-iass", "out-of-hours", "urgent"]
    assert "line 3: contact not routed" in result.stderr


def test_route_logs_nothing(runner, db):
    from sqlalchemy import func, select

    from frontdesk.models import Contact
    run(runner, "route", "-", input='{"channel": "phone"}')
    assert db.scalar(select(func.count()).select_from(Contact)) == 0


def test_rules_check_passes_the_default_and_lists_problems_by_line(runner, tmp_path):
    assert "OK — 7 rules" in run(runner, "rules", "check").output
    draft = tmp_path / "draft.yaml"
    draft.write_text("rulebook: d\nrules:\n  - id: urgent\n    when: {urgent: true}\n"
                     "    targets: [{service: urgent-duty-lin}]\n    signpost: e\n")
    result = runner.invoke(main, ["rules", "check", str(draft)])
    assert result.exit_code == 1
    assert f"{draft}:5: unknown service 'urgent-duty-lin' (did you mean 'urgent-duty-line'?)" in result.stderr
    assert f"{draft}:6: no signposting text named 'e'" in result.stderr
    assert f"{draft}:3: the last rule must catch every contact" in result.stderr


def test_directory_export_and_import_round_trip(runner, tmp_path):
    for fmt in ("yaml", "csv"):
        path = tmp_path / f"directory.{fmt}"
        run(runner, "directory", "export", "--format", fmt, "-o", str(path))
        text = path.read_text()
        assert "birmingham-iass" in text and "+441214960" in text
        result = run(runner, "directory", "import", str(path))
        assert "0 added, 158 updated, 0 removed" in result.output


def test_directory_import_reports_every_bad_field_and_saves_nothing(runner, tmp_path, db):
    from frontdesk.models import Service
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,name,kind,local_authority,phone,chat,video,capacity,mon,tue,wed,thu,fri,sat,sun,closed_on_bank_holidays,closures\n"
        "new-service,New,national,,020 7946 0555,yes,no,2,09:00-17:00,,,,,,,yes,\n"
        "Bad Id,,iass,E08999999,not a number,maybe,no,0,9-5,,,,,,,yes,2026-13-01\n")
    result = runner.invoke(main, ["directory", "import", str(path)])
    assert result.exit_code == 1
    for expected in ("line 3, id:", "line 3, name: is required", "line 3, kind: 'iass' is not one of",
                     "line 3, local_authority: 'E08999999' is not an authority", "line 3, phone:",
                     "line 3, chat: 'maybe' should be yes or no", "line 3, capacity:",
                     "line 3, mon: '9-5' is not a time range", "line 3, closures: '2026-13-01' is not a date"):
        assert expected in result.stderr, expected
    assert db.get(Service, "new-service") is None


def test_directory_import_yaml_errors_name_the_line(runner, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("services:\n  - id: ok-service\n    name: OK\n    kind: national\n    phone: '020 7946 0556'\n"
                    "  - id: ok-service\n    name: Again\n    kind: national\n    chat: yes\n")
    result = runner.invoke(main, ["directory", "import", str(path)])
    assert result.exit_code == 1
    assert "line 6, id: 'ok-service' is already used on line 2" in result.stderr


def test_directory_import_changes_routing_at_once(runner, tmp_path):
    import yaml
    path = tmp_path / "closure.yaml"
    run(runner, "directory", "export", "-o", str(path))
    data = yaml.safe_load(path.read_text())
    for service in data["services"]:
        if service["id"] == "birmingham-iass":
            service["closures"] = ["2026-11-25"]  # a training day
    path.write_text(yaml.safe_dump(data))
    run(runner, "directory", "import", str(path))
    result = run(runner, "route", "-", "--at", "2026-11-25T11:00:00Z", input='{"channel": "phone", "postcode": "B73 5AA"}')
    decision = json.loads(result.output)
    assert decision["rule"] == "national"
    assert "birmingham-iass closed (opens Thu 26 Nov 09:00)" in decision["trace"][3]["reason"]


def test_postcodes_import_gives_full_postcode_precision(runner, tmp_path):
    path = tmp_path / "onspd.csv"
    path.write_text(
        "pcd,pcd2,pcds,doterm,oscty,oslaua,ctry\n"
        "SE1 7PB,SE1  7PB,SE1 7PB,,E99999999,E09000022,E92000001\n"      # Lambeth, though SE1 is mostly Southwark
        "ST5 1AA,ST5  1AA,ST5 1AA,,E10000028,E07000195,E92000001\n"       # a shire district inside Staffordshire
        "SE1 9ZZ,SE1  9ZZ,SE1 9ZZ,200001,E99999999,E09000028,E92000001\n"  # terminated
        "CF10 1AA,CF10 1AA,CF10 1AA,,W99999999,W06000015,W92000004\n")    # Wales
    result = run(runner, "postcodes", "import", str(path))
    assert "2 postcodes imported, 2 skipped" in result.output
    out = run(runner, "route", "-", input='{"channel": "phone", "postcode": "se17pb"}')
    la = json.loads(out.output)["contact"]["local_authority"]
    assert (la["code"], la["via"], la["confidence"]) == ("E09000022", "postcode", 1.0)


def test_postcodes_import_refuses_a_file_without_the_columns(runner, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("a,b\n1,2\n")
    result = runner.invoke(main, ["postcodes", "import", str(path)])
    assert result.exit_code == 1 and "no column named any of pcds" in result.stderr


def test_rules_rollback_makes_an_earlier_version_the_one_in_force(runner, db, tmp_path):
    from frontdesk.rules.store import active_rulebook
    from routing_rules import default_rulebook_path
    text = default_rulebook_path().read_text(encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    draft.write_text(text.replace("rulebook: Frontdesk default routing policy", "rulebook: Trial policy"), encoding="utf-8")
    assert runner.invoke(main, ["rules", "publish", str(default_rulebook_path())]).exit_code == 0
    db.rollback()
    first = active_rulebook(db).version
    assert runner.invoke(main, ["rules", "publish", str(draft)]).exit_code == 0
    db.rollback()
    assert active_rulebook(db).title == "Trial policy"
    rolled = runner.invoke(main, ["rules", "rollback", first])
    assert rolled.exit_code == 0 and f"Rolled back to {first}" in rolled.output
    db.rollback()
    assert active_rulebook(db).version == first
    missing = runner.invoke(main, ["rules", "rollback", "sha256:nope"])
    assert missing.exit_code == 2 and "no published rulebook sha256:nope" in missing.output
