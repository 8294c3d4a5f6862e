"""A press release of the kind editors curate, written for the end-to-end scenario.

Like a real closing-ceremony report: three officials with their roles and bodies, five
organisations, an event with its edition and dates, a plan that was launched, and
seven figures (one written in words). Invented: no real people or bodies.
"""

from __future__ import annotations

TITLE = "The 5th Valmora Industrial Supply Chain Expo closes"

BODY = (
    f"{TITLE}\n\n"
    "On 14 March 2025, the closing ceremony of the 5th Valmora Industrial Supply Chain Expo "
    "was held in Valmora. Lin Haoran, Chief Engineer of Valmora Municipal Commission of "
    "Economy, attended and delivered a speech. Sofia Conti, Deputy Director of Valmora "
    "Postal Administration, and Zhou Meilin, Deputy Head of Harbour District, attended "
    "the ceremony.\n\n"
    "Mr. Lin said that the city welcomes enterprises from all over the country. At the "
    "ceremony, the Valmora Action Plan for Digital Supply Chains was presented. Eight units "
    "including Valmora E-commerce Association and Valmora Logistics Federation launched "
    "the plan together.\n\n"
    "The Expo has been held for five consecutive times, with a transaction volume of "
    "nearly RMB 120 billion. It organised 380 events, released 350 new products, gathered "
    "more than 30 platforms and served more than 25,000 enterprises."
)

#: What the curated record must hold when the scenario is done (path -> value).
EXPECTED_PEOPLE = {
    "Lin Haoran": ("Chief Engineer", "Valmora Municipal Commission of Economy"),
    "Sofia Conti": ("Deputy Director", "Valmora Postal Administration"),
    "Zhou Meilin": ("Deputy Head", "Harbour District"),
}
ORGANISATIONS = (
    "Valmora Municipal Commission of Economy",
    "Valmora Postal Administration",
    "Harbour District",
    "Valmora E-commerce Association",
    "Valmora Logistics Federation",
)
FIGURES = (
    "five consecutive times",
    "nearly RMB 120 billion",
    "380 events",
    "350 new products",
    "more than 30 platforms",
    "more than 25,000 enterprises",
    "Eight units",
)
