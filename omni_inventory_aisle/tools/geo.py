# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Offline postcode geocoding (no Odoo import)."""

import re

# Spanish postcodes: the first two digits are the province (01-52); we place
# the postcode at the province capital. Coarse, but offline and deterministic.
ES_PROVINCE_CENTRES = {
    "01": (42.85, -2.67),
    "02": (38.99, -1.86),
    "03": (38.35, -0.48),
    "04": (36.84, -2.46),
    "05": (40.66, -4.70),
    "06": (38.88, -6.97),
    "07": (39.57, 2.65),
    "08": (41.39, 2.17),
    "09": (42.34, -3.70),
    "10": (39.47, -6.37),
    "11": (36.53, -6.29),
    "12": (39.99, -0.05),
    "13": (38.99, -3.93),
    "14": (37.89, -4.78),
    "15": (43.36, -8.41),
    "16": (40.07, -2.14),
    "17": (41.98, 2.82),
    "18": (37.18, -3.60),
    "19": (40.63, -3.17),
    "20": (43.32, -1.98),
    "21": (37.26, -6.95),
    "22": (42.14, -0.41),
    "23": (37.77, -3.79),
    "24": (42.60, -5.57),
    "25": (41.62, 0.62),
    "26": (42.47, -2.45),
    "27": (43.01, -7.56),
    "28": (40.42, -3.70),
    "29": (36.72, -4.42),
    "30": (37.99, -1.13),
    "31": (42.81, -1.64),
    "32": (42.34, -7.86),
    "33": (43.36, -5.85),
    "34": (42.01, -4.53),
    "35": (28.12, -15.43),
    "36": (42.43, -8.64),
    "37": (40.97, -5.66),
    "38": (28.46, -16.25),
    "39": (43.46, -3.80),
    "40": (40.95, -4.12),
    "41": (37.39, -5.98),
    "42": (41.76, -2.46),
    "43": (41.12, 1.25),
    "44": (40.34, -1.11),
    "45": (39.86, -4.03),
    "46": (39.47, -0.38),
    "47": (41.65, -4.72),
    "48": (43.26, -2.93),
    "49": (41.50, -5.75),
    "50": (41.65, -0.89),
    "51": (35.89, -5.32),
    "52": (35.29, -2.94),
}

_ES_POSTCODE = re.compile(r"^\d{5}$")


def postcode_coordinates(postcode, country_code="ES"):
    """Return ``(lat, lon)`` for a postcode, or raise ``ValueError``.

    Only Spanish postcodes are known offline; callers may fall back to other
    sources (nodes or partners with the same postcode) for other countries.
    """
    code = (postcode or "").strip().replace(" ", "")
    country = (country_code or "ES").upper()
    if country != "ES":
        raise ValueError(f"no offline postcode data for country {country}")
    if not _ES_POSTCODE.match(code):
        raise ValueError(f"{postcode!r} is not a Spanish postcode (5 digits)")
    centre = ES_PROVINCE_CENTRES.get(code[:2])
    if not centre:
        raise ValueError(f"postcode {code} does not exist")
    return centre
