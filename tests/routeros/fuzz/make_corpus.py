#!/usr/bin/env python3
"""Writes the seed corpus of reply_fuzzer into corpus/ (the files are committed; rerun after
changing a seed). Each seed is: chunk size byte, limits byte (bit 0: small limits), stream."""

import pathlib


def length(n):
    if n < 0x80:
        return bytes([n])
    if n < 0x4000:
        return (n | 0x8000).to_bytes(2, "big")
    if n < 0x200000:
        return (n | 0xC00000).to_bytes(3, "big")
    if n < 0x10000000:
        return (n | 0xE0000000).to_bytes(4, "big")
    return b"\xF0" + n.to_bytes(4, "big")


def sentence(*words):
    out = b""
    for w in words:
        w = w.encode() if isinstance(w, str) else w
        out += length(len(w)) + w
    return out + b"\x00"


def seed(stream, chunk=0, small=False):
    return bytes([chunk, 1 if small else 0]) + stream


SEEDS = {
    "login": seed(sentence("/login", "=name=admin", "=password=")),
    "login_challenge": seed(sentence("!done", "=ret=93b438ec9b80057c06dd9fe67d56aa9a"), chunk=3),
    "print_reply": seed(sentence("!re", "=.id=*1F", "=name=iu=c3Eeg", "=comment=",
                                 "=uptime=6w6d18:33:07", "=bytes-in=1503133696",
                                 "=disabled=true", ".tag=4")
                        + sentence("!re", "=.id=*20", "=limit-uptime=1w4d1h16m55s", ".tag=4")
                        + sentence("!done", ".tag=4"), chunk=1),
    "add_done": seed(sentence("!done", "=ret=*3")),
    "cancel": seed(sentence("!trap", ".tag=2", "=category=2", "=message=interrupted")
                   + sentence("!done", ".tag=7") + sentence("!done", ".tag=2"), chunk=5),
    "empty_done": seed(sentence("!empty", ".tag=9") + sentence("!done", ".tag=9"), chunk=2),
    "trap_login": seed(sentence("!trap", "=message=invalid user name or password (6)")
                       + sentence("!done")),
    "fatal": seed(sentence("!fatal", "session terminated on request")),
    "unknown_reply": seed(sentence("!foo", "=a=b") + sentence("!re", "name=x")),
    "clock": seed(sentence("!re", "=time=18:33:07", "=date=jan/02/1970", "=gmt-offset=+03:00")
                  + sentence("!re", "=date=2023-07-14", "=build-time=2020-12-04 14:19:51",
                             "=gmt-offset=-05:30"), chunk=7),
    # Found by fuzzing: a year past 2262 overflowed WallTime's nanoseconds.
    "far_future_date": seed(sentence("!re", "=date=4149-06-01", "=build-time=dec/31/9999 00:00:00")),
    "print_query": seed(sentence("/ip/hotspot/user/print", "=.proplist=.id,name", "?name=x",
                                 "?-disabled", "?#|", ".tag=12")),
    "long_words": seed(sentence("!re", "=comment=" + "c" * 200, "=note=" + "n" * 0x4000),
                       chunk=200),
    "five_byte_form": seed(b"\xF0\x00\x00\x00\x05!done\x00"),
    "control_byte": seed(sentence("!done") + b"\xFF" + sentence("!done")),
    "unassigned_byte": seed(b"\x03!re\xF3\x00\x00\x00\x01x\x00"),
    "over_limits": seed(sentence("!re", "=a=" + "x" * 100) + sentence(*(["!re"] + ["=a=1"] * 9)),
                        small=True),
    "empty_sentences": seed(b"\x00\x00" + sentence("!done") + b"\x00"),
    "truncated": seed(sentence("!re", "=name=abc")[:-3], chunk=1),
}


def main():
    out = pathlib.Path(__file__).parent / "corpus"
    out.mkdir(exist_ok=True)
    for name, data in SEEDS.items():
        (out / name).write_bytes(data)


if __name__ == "__main__":
    main()
