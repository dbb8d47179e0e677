"""Stories written for these tests: a wire story, its kinds of copies, and look-alikes."""

from __future__ import annotations

WIRE_TITLE = "Korea and the U.S. agree to talk again on chip export rules"
WIRE = (
    "Seoul and Washington agreed on Tuesday to resume talks on export controls for advanced "
    "semiconductors, the Ministry of Trade, Industry and Energy said, after a meeting of trade "
    "officials in Detroit on the sidelines of the APEC gathering.\n\n"
    "Trade Minister Ahn Deok-geun told reporters the two sides would meet again in Sejong in "
    "June to settle how licences for equipment shipped to factories in China would be renewed.\n\n"
    "Samsung Electronics and SK Hynix run large memory chip plants in China and have sought "
    "clarity on the rules, which tightened in October. Officials said 28 licences were due for "
    "review this year and that no decision had been made on extending them."
)
FOOTER = (
    "Copyright The Daily Ledger. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed without permission. Subscribe to our morning "
    "newsletter for the headlines that matter, and follow us on social media for updates."
)
OTHER_TITLE = "Battery maker opens a new plant in Hungary"
OTHER = (
    "A South Korean battery maker opened its third European plant on Monday in Hungary, where "
    "it expects to employ 2,400 people by 2026, the company said in a statement.\n\n"
    "The plant will supply cells to carmakers in Germany and France and is part of a 7 billion "
    "euro investment programme announced last year, an executive told a news conference."
)
EARNINGS = ("Shr {a} cts vs {b} cts Net {c},000 vs {d},000 Revs {e} mln vs {f} mln "
            "Nine mths Shr 1.{a} dlrs vs 98 cts Net 4,{c},000 vs 3,{d},000 Revs 1{e} mln vs "
            "1{f} mln NOTE: per share results restated for a stock split paid in March")
BOILERPLATE = "Read the full story on our web site."


def earnings(seed: int) -> str:
    return EARNINGS.format(a=10 + seed, b=20 + seed, c=300 + seed, d=400 + seed,
                           e=50 + seed, f=60 + seed)
