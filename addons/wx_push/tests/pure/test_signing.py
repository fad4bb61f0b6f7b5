# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The published test vectors of INTEGRATIONS.md §2-3."""

from wx_push.tools import signing


def test_dingtalk_sign_vector():
    assert (
        signing.dingtalk_sign(1700000000000, "secret")
        == "OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D"
    )


def test_dingtalk_sign_changes_with_timestamp_and_secret():
    base = signing.dingtalk_sign(1700000000000, "secret")
    assert signing.dingtalk_sign(1700000000001, "secret") != base
    assert signing.dingtalk_sign(1700000000000, "secreT") != base


def test_aliyun_rpc_v2_vector():
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert (
        signing.aliyun_rpc_signature(params, "testsecret", "GET")
        == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    )
    # the Signature parameter itself is never signed
    signed = dict(params, Signature="anything")
    assert signing.aliyun_rpc_signature(signed, "testsecret", "GET") == (
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    )


def test_aliyun_percent_encoding_is_rfc3986():
    assert signing.percent_encode("a b*~") == "a%20b%2A~"
    assert signing.percent_encode("万") == "%E4%B8%87"
    assert signing.percent_encode('{"k":1}') == "%7B%22k%22%3A1%7D"


def test_tencent_tc3_vector():
    body = (
        '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"],'
        ' "Name": "instance-name"}]}'
    )
    signature, scope = signing.tc3_signature(
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        "cvm.tencentcloudapi.com",
        body,
        1551113065,
        "cvm",
    )
    assert scope == "2019-02-25/cvm/tc3_request"  # the UTC date, not +08:00
    assert signature == (
        "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )
    auth = signing.tc3_authorization(
        "AKIDEXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        "cvm.tencentcloudapi.com",
        body,
        1551113065,
        "cvm",
    )
    assert auth == (
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request,"
        " SignedHeaders=content-type;host,"
        " Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )


def test_receipt_token_depends_on_every_part():
    token = signing.receipt_token("k", "aliyun", 1)
    assert len(token) == 64
    assert token != signing.receipt_token("k", "aliyun", 2)
    assert token != signing.receipt_token("k2", "aliyun", 1)
