"""The public pages a person opens: the overview and the directory of services."""


def test_overview_shows_the_directory_and_rulebook(client, clock):
    clock.set("2026-11-25T11:00:00Z")
    page = client.get("/").get_data(as_text=True)
    assert "153</span> local authorities" in page
    assert "158</span> services in the directory" in page
    assert "Wednesday 25 November 2026, 11:00" in page
    assert "Frontdesk default routing policy" in page and "tribunal-specialist" in page


def test_directory_shows_who_is_open_and_when_others_open(client, clock):
    clock.set("2026-11-25T18:00:00Z")  # Wednesday evening
    page = client.get("/directory?q=birmingham").get_data(as_text=True)
    assert "Birmingham SENDIASS" in page and "Leeds SENDIASS" not in page
    assert "Closed" in page and "opens Thu 26 Nov, 09:00" in page
    page = client.get("/directory?q=out-of-hours").get_data(as_text=True)
    assert "Open" in page and "020 7946 0400" in page and "Every day 07:00–23:00" in page


def test_directory_search_with_no_match_says_so_and_escapes_input(client):
    page = client.get("/directory?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "No service matches" in page and "<script>alert(1)</script>" not in page


def test_unknown_page_is_a_friendly_404(client):
    answer = client.get("/no-such-page")
    assert answer.status_code == 404 and "Back to the overview" in answer.get_data(as_text=True)
    assert client.get("/api/v1/nothing").get_json()["error"]
