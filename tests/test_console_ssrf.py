"""The console's address rules, offline: IPv6 forms that embed a non-public IPv4 address,
and IPv4 spellings that resolve to one, are refused. Nothing here connects anywhere;
numeric host names are resolved by the C library without any lookup."""
import pytest

from console.target import Refused
from console.transport import public_address, refused_address


@pytest.mark.parametrize("address, embedded", [
    ("2002:7f00:1::", "127.0.0.1"),                     # 6to4 of loopback
    ("2002:c0a8:0101::1", "192.168.1.1"),              # 6to4 of a private address
    ("2002:a9fe:a9fe::", "169.254.169.254"),           # 6to4 of the cloud metadata service
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),   # Teredo, client 127.0.0.1 (obfuscated)
    ("2001:0:7f00:1:8000:63bf:3fff:fdd2", "127.0.0.1"),      # Teredo, server 127.0.0.1
    ("64:ff9b::7f00:1", "127.0.0.1"),                  # NAT64 well-known prefix
    ("64:ff9b::a00:1", "10.0.0.1"),
    ("::127.0.0.1", "127.0.0.1"),                      # IPv4-compatible
    ("::10.1.2.3", "10.1.2.3"),
])
def test_ipv6_forms_embedding_a_non_public_ipv4_address_are_refused(address, embedded):
    reason = refused_address(address)
    assert reason and embedded in reason


@pytest.mark.parametrize("address", ["64:ff9b:1::808:808", "64:ff9b:1:ffff::1", "::ffff:127.0.0.1", "::1", "::"])
def test_other_non_public_ipv6_forms_are_refused(address):
    assert refused_address(address)


@pytest.mark.parametrize("address", ["2002:808:808::1", "2606:4700:4700::1111", "8.8.8.8"])
def test_public_addresses_and_forms_embedding_them_pass(address):
    assert refused_address(address) == ""


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0x7f.1", "127.1", "0177.0.0.1", "017700000001",
                                  "10.1", "0xa9.0xfe.0xa9.0xfe", "[::127.0.0.1]".strip("[]"), "2002:7f00:1::"])
def test_every_spelling_of_a_non_public_address_is_refused_as_resolved(host):
    with pytest.raises(Refused, match="which the console never calls"):
        public_address(host, 80)


def test_permitted_networks_still_open_a_mapped_address(settings):
    settings.CONSOLE_PERMITTED_NETWORKS = ["127.0.0.0/8"]
    assert refused_address("::ffff:127.0.0.1") == ""
