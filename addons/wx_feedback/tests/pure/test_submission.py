# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest
from wx_feedback.tools import phone, submission
from wx_feedback.tools.i18n import InputError

CODES = ["delivery", "freshness", "weight", "other"]


def clean(**data):
    return submission.clean({"rating": 4, **data}, CODES)


def test_valid_submission_is_normalised():
    values = clean(
        rating="5",
        rating_delivery=3,
        rating_freshness="",
        description="  芒果很甜\r\n送货准时\x00  ",
        categories="delivery, freshness",
        phone="138-1234-5678",
    )
    assert values == {
        "rating": 5,
        "rating_delivery": 3,
        "rating_freshness": 0,
        "rating_service": 0,
        "description": "芒果很甜\n送货准时",
        "categories": ["delivery", "freshness"],
        "phone": "+8613812345678",
    }


@pytest.mark.parametrize("rating", [0, 6, "abc", None, True, 4.5, "-1"])
def test_overall_rating_must_be_1_to_5(rating):
    with pytest.raises(InputError) as caught:
        submission.clean({"rating": rating}, CODES)
    assert set(caught.value.errors) == {"rating"}


def test_dimension_out_of_range_and_every_error_reported_at_once():
    with pytest.raises(InputError) as caught:
        submission.clean(
            {
                "rating": 9,
                "rating_service": 7,
                "description": "x" * 2001,
                "categories": ["spam"],
                "phone": "12345",
            },
            CODES,
        )
    errors = caught.value.render()
    assert set(errors) == {
        "rating",
        "rating_service",
        "description",
        "categories",
        "phone",
    }
    assert "2001" in errors["description"] and "2000" in errors["description"]
    assert "spam" in errors["categories"]


def test_text_of_2000_characters_is_accepted():
    assert len(clean(description="好" * 2000)["description"]) == 2000


def test_html_is_kept_as_plain_text():
    text = "<script>alert(1)</script><b>烂果</b>"
    assert clean(description=text)["description"] == text


def test_render_uses_the_translation():
    with pytest.raises(InputError) as caught:
        submission.clean({"rating": 0}, CODES)
    rendered = caught.value.render(lambda template: "请选择1到5星的总体评分。")
    assert rendered == {"rating": "请选择1到5星的总体评分。"}


def test_fingerprint_tells_retries_from_changes():
    a = clean(description="x")
    assert submission.fingerprint(a) == submission.fingerprint(dict(a))
    assert submission.fingerprint(a) != submission.fingerprint(clean(description="y"))


@pytest.mark.parametrize(
    "raw",
    [
        "+8613812345678",
        "13812345678",
        "008613812345678",
        "8613812345678",
        "+86 138-1234-5678",
    ],
)
def test_mainland_mobiles_become_e164(raw):
    assert phone.normalize(raw) == "+8613812345678"


@pytest.mark.parametrize(
    "raw", ["12345678901", "1381234567", "010 6552 9988", "abc", ""]
)
def test_invalid_or_landline_numbers_are_refused(raw):
    with pytest.raises(InputError) as caught:
        phone.normalize(raw)
    assert "not a valid mobile number" in str(caught.value)


def test_foreign_mobile_with_prefix():
    assert phone.normalize("+34 612 345 678") == "+34612345678"


def test_mask():
    assert phone.mask("+8613812345678") == "+86 138****5678"
    assert phone.mask("") == ""
