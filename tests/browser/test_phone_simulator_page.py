"""A person trying the phone line in the simulator page, clicking as they would."""
from playwright.sync_api import expect


def test_calling_from_the_simulator_page_reaches_an_advisor(page, live_url, screenshot):
    page.goto(f"{live_url}/simulator/")
    page.get_by_role("button", name="Call the helpline").click()
    lines = page.locator("#lines")
    expect(lines).to_contain_text("where do you live")
    expect(page.locator("#status")).to_contain_text("type keys then #")

    page.get_by_label("Say").fill("we live in Sutton Coldfield")
    page.get_by_role("button", name="Say it").click()
    expect(lines).to_contain_text("That's Birmingham")
    expect(page.locator("#status")).to_contain_text("press a key")

    page.get_by_role("button", name="1", exact=True).click()  # an EHC plan: one key sends the choice
    expect(page.locator("#ringing-who")).to_contain_text("Birmingham SENDIASS")
    expect(page.locator("#log")).to_contain_text("rule local-iass")
    screenshot("phone-simulator-ringing")

    page.get_by_role("button", name="No answer").click()
    expect(page.locator("#ringing-who")).to_contain_text("National SEND helpline")
    page.get_by_role("button", name="They answer").click()
    expect(lines).to_contain_text("Thank you for calling. Goodbye.")
    expect(page.locator("#status")).to_contain_text("The call has ended")
    expect(page.locator("#log")).to_contain_text("answered — national-helpline")
    expect(page.get_by_role("button", name="Call the helpline")).to_be_visible()
    screenshot("phone-simulator-ended")


def test_typing_a_postcode_on_the_keypad_and_leaving_a_message(page, live_url, clock, screenshot):
    clock.set("2026-11-26T01:30:00Z")  # the middle of the night: everyone is closed
    page.goto(f"{live_url}/simulator/")
    page.get_by_label("Withhold my number").check()
    page.get_by_role("button", name="Call the helpline").click()
    for key in "273522":  # B73 5AA, each letter by its key
        page.locator(f'.key[data-key="{key}"]').click()
    expect(page.locator("#typed")).to_have_text("273522")
    page.locator('.key[data-key="#"]').click()
    expect(page.locator("#lines")).to_contain_text("Did you mean Birmingham")
    page.locator('.key[data-key="1"]').click()
    page.locator('.key[data-key="5"]').click()
    expect(page.locator("#lines")).to_contain_text("Your number is withheld")
    page.get_by_label("Your message").fill("It's Priya on 07700 900456, about my son's school taxi")
    page.get_by_role("button", name="Finish message (#)").click()
    expect(page.locator("#lines")).to_contain_text("Your message has been saved")
    expect(page.locator("#log")).to_contain_text("Birmingham SENDIASS, from Thu 26 Nov 09:00, to no number (withheld)")
    screenshot("phone-simulator-message")


def test_the_line_says_what_went_wrong_on_a_bad_number(page, live_url):
    page.goto(f"{live_url}/simulator/")
    page.get_by_label("Calling from").fill("my house")
    page.get_by_role("button", name="Call the helpline").click()
    expect(page.get_by_role("alert")).to_contain_text("not a phone number")
