"""The hand-written entity evaluation set, in the form a reviewer audits.

Every paragraph below was written for this benchmark (no copied wire copy; every
person is fictional; companies, places, laws and products are real names used
in made-up stories). ``build_eval.py`` turns this file into ``eval.jsonl`` with
character offsets; never edit the JSONL by hand.

How to read an entry: ``ents`` lists the gold entities **in reading order**. The
builder finds each one with ``str.find`` starting where the previous entity
ended, on whole-word boundaries, so a name that occurs twice ("Seoul" ... "Seoul")
is simply listed twice. The builder also fails if an annotated string occurs
somewhere in the paragraph without being covered by a gold span, so a forgotten
second mention cannot hide.

Annotation follows the OntoNotes 5 conventions spaCy's English models learn from:

* titles and honorifics stay outside PERSON: Trade Minister [Elena Marsh],
  Rep. [Dana Holt], Chief Executive [Park Seo-yeon];
* "the" stays outside names (ORG, GPE, LOC, LAW, PRODUCT): the [Bank of Korea],
  the [CHIPS and Science Act], the [Korean Peninsula]; it stays *inside* DATE
  phrases, where it belongs to the expression: [the first quarter], [the 28th];
* corporate suffixes are part of ORG: [Samsung Electronics Co.], [Apple Inc.];
* currency words and symbols are inside MONEY: [$4.2 billion], [300 trillion won];
* DATE covers absolute and relative dates and durations: [last Tuesday],
  [this year], [a year earlier], [five years], [fiscal 2026], [first-quarter];
* GPE is countries, cities and states (also as metonymy: "Washington said");
  LOC is other places: continents, regions, islands, the [Niger Delta];
* NORP is nationalities and political or religious groups used as words:
  [Korean] chipmakers, [Democrats], House [Republicans];
* the possessive "'s" is outside every span: [Samsung]'s.

Only PERSON, ORG, GPE, LOC, NORP, DATE, MONEY, PERCENT, LAW and PRODUCT are
annotated. CARDINAL, ORDINAL, QUANTITY, TIME, EVENT, FAC, WORK_OF_ART and
LANGUAGE are deliberately not, and the scorer drops predictions with those labels.
The paragraphs avoid the constructions where OntoNotes itself is unsure (number
ranges, "about $5 billion", stock index names, "annual", ages), so a miss or a
false alarm here is a real one rather than a disagreement over convention.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph: whitespace in ``raw`` is collapsed to single spaces."""

    id: str
    raw: str
    ents: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return " ".join(self.raw.split())


def P(pid: str, raw: str, ents: list[tuple[str, str]]) -> Paragraph:  # noqa: N802
    """Short constructor so the data below reads like a list, not like code."""
    return Paragraph(pid, raw, tuple(ents))


PARAGRAPHS: list[Paragraph] = [
    P("p01", """
Trade Minister Elena Marsh said on Tuesday that Washington would not extend tariff
exemptions for Korean steel beyond March 31. Speaking after talks in Seoul with
officials from the Ministry of Trade, Industry and Energy, Marsh said the two
governments were "close but not there" on a quota deal. South Korea shipped
$4.2 billion of steel products to the United States last year, or 12.5% of its
total steel exports. Director Ahn Min-jae of the ministry's trade policy bureau
said Seoul would keep talking through April.
""", [
        ("Elena Marsh", "PERSON"), ("Tuesday", "DATE"), ("Washington", "GPE"),
        ("Korean", "NORP"), ("March 31", "DATE"), ("Seoul", "GPE"),
        ("Ministry of Trade, Industry and Energy", "ORG"), ("Marsh", "PERSON"),
        ("South Korea", "GPE"), ("$4.2 billion", "MONEY"), ("United States", "GPE"),
        ("last year", "DATE"), ("12.5%", "PERCENT"), ("Ahn Min-jae", "PERSON"),
        ("Seoul", "GPE"), ("April", "DATE"),
    ]),
    P("p02", """
Samsung Electronics Co. said on the 28th it will invest 300 trillion won in a new
chip cluster south of Seoul through 2047, the largest single commitment in the
company's history. Chief Executive Park Seo-yeon told analysts that the first fab
would start producing HBM3E memory for artificial-intelligence servers in the
first quarter of 2027. The company's shares rose 3 percent in Seoul trading. Rival
SK Hynix Inc. has already sold most of its 2025 high-bandwidth memory capacity,
according to Director Ahn of the Korea Semiconductor Industry Association.
""", [
        ("Samsung Electronics Co.", "ORG"), ("the 28th", "DATE"),
        ("300 trillion won", "MONEY"), ("Seoul", "GPE"), ("2047", "DATE"),
        ("Park Seo-yeon", "PERSON"), ("HBM3E", "PRODUCT"),
        ("the first quarter of 2027", "DATE"), ("3 percent", "PERCENT"),
        ("Seoul", "GPE"), ("SK Hynix Inc.", "ORG"), ("2025", "DATE"),
        ("Ahn", "PERSON"), ("Korea Semiconductor Industry Association", "ORG"),
    ]),
    P("p03", """
The Bank of Korea held its benchmark interest rate at 2.75% on Thursday, pausing
after two cuts as household debt and a weak currency complicated the outlook.
Governor Seo Jung-hoon said the board had voted 6-1 to hold and that further
easing would depend on data in the coming months. The won has lost 4.5% against
the dollar since January. Economists at Nomura Holdings had expected a cut, and
the benchmark stock index fell 0.8% after the decision.
""", [
        ("Bank of Korea", "ORG"), ("2.75%", "PERCENT"), ("Thursday", "DATE"),
        ("Seo Jung-hoon", "PERSON"), ("the coming months", "DATE"),
        ("4.5%", "PERCENT"), ("January", "DATE"), ("Nomura Holdings", "ORG"),
        ("0.8%", "PERCENT"),
    ]),
    P("p04", """
OPEC and its allies agreed on Sunday to raise output by 411,000 barrels a day in
July, the third such increase this year, as Saudi Arabia pushed members that have
exceeded their quotas to fall in line. Energy Minister Faisal bin Nasser told
reporters in Riyadh that the group wanted a "stable and healthy" market. Benchmark
crude fell 2.1% in early Asian trading to its lowest level since April. Kazakhstan
and Iraq have repeatedly pumped above their targets, according to a Reuters survey.
""", [
        ("OPEC", "ORG"), ("Sunday", "DATE"), ("July", "DATE"), ("this year", "DATE"),
        ("Saudi Arabia", "GPE"), ("Faisal bin Nasser", "PERSON"), ("Riyadh", "GPE"),
        ("2.1%", "PERCENT"), ("Asian", "NORP"), ("April", "DATE"),
        ("Kazakhstan", "GPE"), ("Iraq", "GPE"), ("Reuters", "ORG"),
    ]),
    P("p05", """
Rep. Dana Holt, a Democrat from Michigan, introduced a bill on Wednesday that
would claw back grants awarded under the CHIPS and Science Act from companies that
expand advanced chip production in China within ten years. Holt said Republicans
on the House Energy and Commerce Committee had signaled support. The Commerce
Department has awarded $33 billion in grants under the 2022 law, including
$6.4 billion to Samsung for its plant in Taylor, Texas.
""", [
        ("Dana Holt", "PERSON"), ("Democrat", "NORP"), ("Michigan", "GPE"),
        ("Wednesday", "DATE"), ("CHIPS and Science Act", "LAW"), ("China", "GPE"),
        ("ten years", "DATE"), ("Holt", "PERSON"), ("Republicans", "NORP"),
        ("House Energy and Commerce Committee", "ORG"),
        ("Commerce Department", "ORG"), ("$33 billion", "MONEY"), ("2022", "DATE"),
        ("$6.4 billion", "MONEY"), ("Samsung", "ORG"), ("Taylor", "GPE"),
        ("Texas", "GPE"),
    ]),
    P("p06", """
The Seoul Central District Court on Friday sentenced a former executive of a
battery supplier to three years in prison for leaking electrode technology to a
Chinese competitor. Judge Yoon Hae-rim said the leak had caused losses of 45
billion won and damaged Korea's standing in an industry the government considers
strategic. Prosecutors had sought five years. The company, which supplies LG
Energy Solution and Hyundai Motor Co., said it would pursue a civil claim.
""", [
        ("Seoul Central District Court", "ORG"), ("Friday", "DATE"),
        ("three years", "DATE"), ("Chinese", "NORP"), ("Yoon Hae-rim", "PERSON"),
        ("45 billion won", "MONEY"), ("Korea", "GPE"), ("five years", "DATE"),
        ("LG Energy Solution", "ORG"), ("Hyundai Motor Co.", "ORG"),
    ]),
    P("p07", """
Japanese stocks slipped on Monday as a stronger yen weighed on exporters, with
Toyota Motor Corp. falling 2.4% and Sony Group Corp. down 1.1%. The yen
strengthened after Bank of Japan Governor Kenji Arakawa said the central bank would
consider raising its policy rate again if wage growth held up. Traders now price
a 60% chance of a hike by September. Japan's Ministry of Finance said it had spent
9.8 trillion yen on intervention in May to support the currency.
""", [
        ("Japanese", "NORP"), ("Monday", "DATE"), ("Toyota Motor Corp.", "ORG"),
        ("2.4%", "PERCENT"), ("Sony Group Corp.", "ORG"), ("1.1%", "PERCENT"),
        ("Bank of Japan", "ORG"), ("Kenji Arakawa", "PERSON"), ("60%", "PERCENT"),
        ("September", "DATE"), ("Japan", "GPE"), ("Ministry of Finance", "ORG"),
        ("9.8 trillion yen", "MONEY"), ("May", "DATE"),
    ]),
    P("p08", """
European Union trade ministers meeting in Luxembourg on Thursday failed to agree
on retaliatory tariffs worth 93 billion euros, with Germany and Italy urging more
time for negotiations with Washington. French Trade Minister Claire Duval said the
bloc "cannot negotiate with a gun to its head" and pressed the European Commission
to prepare measures targeting American services. A Commission spokesman said the
list would be published next week.
""", [
        ("European Union", "ORG"), ("Luxembourg", "GPE"), ("Thursday", "DATE"),
        ("93 billion euros", "MONEY"), ("Germany", "GPE"), ("Italy", "GPE"),
        ("Washington", "GPE"), ("French", "NORP"), ("Claire Duval", "PERSON"),
        ("European Commission", "ORG"), ("American", "NORP"), ("Commission", "ORG"),
        ("next week", "DATE"),
    ]),
    P("p09", """
Apple Inc. began assembling the iPhone 16 Pro at a Foxconn plant near Chennai in
September, and India now accounts for 20% of the company's global iPhone output,
Electronics Minister Rajesh Varma said on Saturday. Exports of smartphones from
India reached $24.1 billion in fiscal 2025, up from $15.6 billion a year earlier.
Varma said Tata Electronics would begin making components for the iPhone 17 in
Karnataka next year.
""", [
        ("Apple Inc.", "ORG"), ("iPhone 16 Pro", "PRODUCT"), ("Foxconn", "ORG"),
        ("Chennai", "GPE"), ("September", "DATE"), ("India", "GPE"),
        ("20%", "PERCENT"), ("iPhone", "PRODUCT"), ("Rajesh Varma", "PERSON"),
        ("Saturday", "DATE"), ("India", "GPE"), ("$24.1 billion", "MONEY"),
        ("fiscal 2025", "DATE"), ("$15.6 billion", "MONEY"),
        ("a year earlier", "DATE"), ("Varma", "PERSON"), ("Tata Electronics", "ORG"),
        ("iPhone 17", "PRODUCT"), ("Karnataka", "GPE"), ("next year", "DATE"),
    ]),
    P("p10", """
Brazil's central bank raised its benchmark interest rate to 14.75% on Wednesday,
the highest level since 2006, as inflation stayed stubbornly above target. Central
bank chief Marcelo Teixeira said policymakers were prepared to keep rates high
"for as long as necessary." Consumer prices rose 5.5% in April from a year earlier,
well above the 3 percent goal. Finance Minister Luiza Campos told lawmakers in
Brasilia that the government would freeze 31 billion reais in spending this year.
""", [
        ("Brazil", "GPE"), ("14.75%", "PERCENT"), ("Wednesday", "DATE"),
        ("2006", "DATE"), ("Marcelo Teixeira", "PERSON"), ("5.5%", "PERCENT"),
        ("April", "DATE"), ("a year earlier", "DATE"), ("3 percent", "PERCENT"),
        ("Luiza Campos", "PERSON"), ("Brasilia", "GPE"),
        ("31 billion reais", "MONEY"), ("this year", "DATE"),
    ]),
    P("p11", """
The Central Bank of Nigeria left its key rate unchanged at 27.5% on Tuesday, saying
the naira's recent stability gave it room to wait. Governor Musa Adeyemi said
inflation had slowed to 23.7% in April after the National Bureau of Statistics
rebased the consumer price index. Nigerian manufacturers have lobbied Abuja for
cheaper credit, and the Manufacturers Association of Nigeria said last month that
767 factories had closed in 2024.
""", [
        ("Central Bank of Nigeria", "ORG"), ("27.5%", "PERCENT"), ("Tuesday", "DATE"),
        ("Musa Adeyemi", "PERSON"), ("23.7%", "PERCENT"), ("April", "DATE"),
        ("National Bureau of Statistics", "ORG"), ("Nigerian", "NORP"),
        ("Abuja", "GPE"), ("Manufacturers Association of Nigeria", "ORG"),
        ("last month", "DATE"), ("2024", "DATE"),
    ]),
    P("p12", """
Abu Dhabi's Mubadala Investment Co. agreed on Monday to buy a 25% stake in a
Spanish solar developer for 1.2 billion euros, its third European energy deal this
year. Chief Investment Officer Omar Al Rasheedi said renewable assets in Spain and
Portugal offered "steady, inflation-linked returns." Qatar Investment Authority and
Saudi Arabia's Public Investment Fund have also expanded in Europe, committing
$18 billion to infrastructure since 2023, according to data compiled by Global SWF.
""", [
        ("Abu Dhabi", "GPE"), ("Mubadala Investment Co.", "ORG"), ("Monday", "DATE"),
        ("25%", "PERCENT"), ("Spanish", "NORP"), ("1.2 billion euros", "MONEY"),
        ("European", "NORP"), ("this year", "DATE"), ("Omar Al Rasheedi", "PERSON"),
        ("Spain", "GPE"), ("Portugal", "GPE"), ("Qatar Investment Authority", "ORG"),
        ("Saudi Arabia", "GPE"), ("Public Investment Fund", "ORG"), ("Europe", "LOC"),
        ("$18 billion", "MONEY"), ("2023", "DATE"), ("Global SWF", "ORG"),
    ]),
    P("p13", """
China's Ministry of Commerce said on Friday it would require licences for exports
of seven rare earth elements from May 1, a move widely seen as retaliation for new
American tariffs. Commerce Minister Zhou Jianlin said the controls were "not aimed
at any country." China supplies 90% of the world's processed rare earths, and
Japanese and European magnet makers warned of shortages by the summer. Shares of
MP Materials Corp. jumped 15% in New York.
""", [
        ("China", "GPE"), ("Ministry of Commerce", "ORG"), ("Friday", "DATE"),
        ("May 1", "DATE"), ("American", "NORP"), ("Zhou Jianlin", "PERSON"),
        ("China", "GPE"), ("90%", "PERCENT"), ("Japanese", "NORP"),
        ("European", "NORP"), ("the summer", "DATE"), ("MP Materials Corp.", "ORG"),
        ("15%", "PERCENT"), ("New York", "GPE"),
    ]),
    P("p14", """
Nvidia Corp. expects a $5.5 billion charge in the first quarter after the U.S.
government required a license to ship its H20 chips to China, the company said in
a filing on Tuesday. The H20 was designed to comply with earlier restrictions
imposed by the Commerce Department's Bureau of Industry and Security. Analysts at
Bernstein said Chinese customers such as Tencent Holdings and Alibaba Group had
ordered $16 billion of the chips this year. Nvidia shares fell 6% in after-hours
trading.
""", [
        ("Nvidia Corp.", "ORG"), ("$5.5 billion", "MONEY"),
        ("the first quarter", "DATE"), ("U.S.", "GPE"), ("H20", "PRODUCT"),
        ("China", "GPE"), ("Tuesday", "DATE"), ("H20", "PRODUCT"),
        ("Commerce Department", "ORG"), ("Bureau of Industry and Security", "ORG"),
        ("Bernstein", "ORG"), ("Chinese", "NORP"), ("Tencent Holdings", "ORG"),
        ("Alibaba Group", "ORG"), ("$16 billion", "MONEY"), ("this year", "DATE"),
        ("Nvidia", "ORG"), ("6%", "PERCENT"),
    ]),
    P("p15", """
Hyundai Motor's main union voted to strike for four days starting on the 15th after
talks over bonuses and an extension of the retirement age broke down, the Korean
Metal Workers' Union said. The union is demanding a bonus equal to 30% of last
year's net profit. The dispute is the first major test of the Yellow Envelope Law,
which took effect in March and limits companies' ability to sue unions for
damages. Labour Minister Kim Do-hyun urged both sides to return to the table
before Friday.
""", [
        ("Hyundai Motor", "ORG"), ("four days", "DATE"), ("the 15th", "DATE"),
        ("Korean Metal Workers' Union", "ORG"), ("30%", "PERCENT"),
        ("last year", "DATE"), ("Yellow Envelope Law", "LAW"), ("March", "DATE"),
        ("Kim Do-hyun", "PERSON"), ("Friday", "DATE"),
    ]),
    P("p16", """
A federal judge in Washington ruled on Monday that Google had illegally
monopolized two markets for online advertising technology, handing the Justice
Department its second major antitrust win against the company in a year. Judge
Miriam Castellano wrote that Google had "willfully engaged in a series of
anticompetitive acts" in violation of the Sherman Act. Alphabet Inc., Google's
parent, said it would appeal. Its shares fell 1.4% to $155.20.
""", [
        ("Washington", "GPE"), ("Monday", "DATE"), ("Google", "ORG"),
        ("Justice Department", "ORG"), ("a year", "DATE"),
        ("Miriam Castellano", "PERSON"), ("Google", "ORG"), ("Sherman Act", "LAW"),
        ("Alphabet Inc.", "ORG"), ("Google", "ORG"), ("1.4%", "PERCENT"),
        ("$155.20", "MONEY"),
    ]),
    P("p17", """
Rapidus Corp., the Japanese chipmaker backed by Tokyo, began trial production of
2-nanometer chips at its plant in Chitose, Hokkaido, on April 1. The government has
committed 1.72 trillion yen to the project, and the Ministry of Economy, Trade and
Industry said last week it would seek legislation allowing direct investment.
President Hiroshi Tanabe said the company aimed to start mass production in 2027
and had signed up customers in the United States. The plant uses lithography
machines supplied by ASML Holding NV.
""", [
        ("Rapidus Corp.", "ORG"), ("Japanese", "NORP"), ("Tokyo", "GPE"),
        ("Chitose", "GPE"), ("Hokkaido", "GPE"), ("April 1", "DATE"),
        ("1.72 trillion yen", "MONEY"),
        ("Ministry of Economy, Trade and Industry", "ORG"), ("last week", "DATE"),
        ("Hiroshi Tanabe", "PERSON"), ("2027", "DATE"), ("United States", "GPE"),
        ("ASML Holding NV", "ORG"),
    ]),
    P("p18", """
The Democratic Party of Korea on Sunday chose former Labour Minister Choi Eun-ha as
its candidate for mayor of Seoul, setting up a contest with incumbent Oh Jae-sung
of the conservative People Power Party in the June 3 local elections. Choi won
61.2% of the votes cast by party members and the public. Polls published by Gallup
Korea last Friday showed the two candidates within 3 percent of each other.
""", [
        ("Democratic Party of Korea", "ORG"), ("Sunday", "DATE"),
        ("Choi Eun-ha", "PERSON"), ("Seoul", "GPE"), ("Oh Jae-sung", "PERSON"),
        ("People Power Party", "ORG"), ("June 3", "DATE"), ("Choi", "PERSON"),
        ("61.2%", "PERCENT"), ("Gallup Korea", "ORG"), ("last Friday", "DATE"),
        ("3 percent", "PERCENT"),
    ]),
    P("p19", """
The Premier League sold its domestic television rights starting in 2029 for
6.9 billion pounds, a 4% increase on the current deal, with Sky Group and TNT
Sports again sharing most of the matches. Chief Executive Martin Halloran said the
deal "shows the enduring value of English football" despite a slowdown in the
rights market in France and Italy. Amazon.com Inc. won a smaller package of 20
matches.
""", [
        ("Premier League", "ORG"), ("2029", "DATE"),
        ("6.9 billion pounds", "MONEY"), ("4%", "PERCENT"), ("Sky Group", "ORG"),
        ("TNT Sports", "ORG"), ("Martin Halloran", "PERSON"), ("English", "NORP"),
        ("France", "GPE"), ("Italy", "GPE"), ("Amazon.com Inc.", "ORG"),
    ]),
    P("p20", """
Samsung Electronics unveiled the Galaxy S25 on Wednesday in San Jose, California,
betting that artificial-intelligence features built with Google's Gemini will revive
demand for premium phones. The base model will cost $799, unchanged from a year
ago, while the Galaxy S25 Ultra starts at $1,299. Mobile chief Baek Sung-ho said
the company expects S25 sales in the first quarter to beat those of its predecessor
by 10%. Counterpoint Research estimates Samsung shipped 225 million smartphones in
2024.
""", [
        ("Samsung Electronics", "ORG"), ("Galaxy S25", "PRODUCT"),
        ("Wednesday", "DATE"), ("San Jose", "GPE"), ("California", "GPE"),
        ("Google", "ORG"), ("Gemini", "PRODUCT"), ("$799", "MONEY"),
        ("a year ago", "DATE"), ("Galaxy S25 Ultra", "PRODUCT"), ("$1,299", "MONEY"),
        ("Baek Sung-ho", "PERSON"), ("S25", "PRODUCT"), ("the first quarter", "DATE"),
        ("10%", "PERCENT"), ("Counterpoint Research", "ORG"), ("Samsung", "ORG"),
        ("2024", "DATE"),
    ]),
    P("p21", """
Trade ministers from the 21 APEC economies ended their meeting in Jeju on Saturday
without a joint statement, after the United States objected to language endorsing
the WTO as the center of the trading system. Host Minister Lim Ha-neul said members
had agreed on a separate chair's statement on digital trade. Chinese Vice Commerce
Minister Tang Weimin said Beijing remained committed to the multilateral system.
Leaders are due to meet in Gyeongju in October.
""", [
        ("APEC", "ORG"), ("Jeju", "GPE"), ("Saturday", "DATE"),
        ("United States", "GPE"), ("WTO", "ORG"), ("Lim Ha-neul", "PERSON"),
        ("Chinese", "NORP"), ("Tang Weimin", "PERSON"), ("Beijing", "GPE"),
        ("Gyeongju", "GPE"), ("October", "DATE"),
    ]),
    P("p22", """
The European Commission fined Apple 500 million euros and Meta Platforms 200
million euros on Wednesday for breaching the Digital Markets Act, the first
penalties under the 2022 law. Competition Commissioner Sofia Lindqvist said both
companies had 60 days to comply or face further fines. Apple said it would appeal
and accused Brussels of moving the goalposts. Meta called the decision a tariff on
American business.
""", [
        ("European Commission", "ORG"), ("Apple", "ORG"),
        ("500 million euros", "MONEY"), ("Meta Platforms", "ORG"),
        ("200 million euros", "MONEY"), ("Wednesday", "DATE"),
        ("Digital Markets Act", "LAW"), ("2022", "DATE"),
        ("Sofia Lindqvist", "PERSON"), ("60 days", "DATE"), ("Apple", "ORG"),
        ("Brussels", "GPE"), ("Meta", "ORG"), ("American", "NORP"),
    ]),
    P("p23", """
LG Energy Solution said on Thursday it would delay a $5.5 billion battery plant in
Arizona, blaming uncertainty over tax credits under the Inflation Reduction Act
after House Republicans proposed ending them early. The Korean company had planned
to start production in 2026. Sen. Marcus Whitfield, a Democrat of Arizona, said the
move would cost 2,800 jobs and urged colleagues to "stop pulling the rug out from
under American manufacturing." Shares of LG Energy Solution fell 4.7% in Seoul.
""", [
        ("LG Energy Solution", "ORG"), ("Thursday", "DATE"), ("$5.5 billion", "MONEY"),
        ("Arizona", "GPE"), ("Inflation Reduction Act", "LAW"), ("House", "ORG"),
        ("Republicans", "NORP"), ("Korean", "NORP"), ("2026", "DATE"),
        ("Marcus Whitfield", "PERSON"), ("Democrat", "NORP"), ("Arizona", "GPE"),
        ("American", "NORP"), ("LG Energy Solution", "ORG"), ("4.7%", "PERCENT"),
        ("Seoul", "GPE"),
    ]),
    P("p24", """
Chinese stocks rallied on Tuesday after the People's Bank of China cut the amount
of cash banks must hold in reserve, releasing 1 trillion yuan of liquidity. Stocks
in Shanghai and Shenzhen rose 2.3%, led by property developers. PBOC Governor Zheng
Lianhua said the central bank would keep policy "moderately loose" for the rest of
the year. Economists at Goldman Sachs raised their forecast for China's economic
growth this year to 4.6%.
""", [
        ("Chinese", "NORP"), ("Tuesday", "DATE"), ("People's Bank of China", "ORG"),
        ("1 trillion yuan", "MONEY"), ("Shanghai", "GPE"), ("Shenzhen", "GPE"),
        ("2.3%", "PERCENT"), ("PBOC", "ORG"), ("Zheng Lianhua", "PERSON"),
        ("the rest of the year", "DATE"), ("Goldman Sachs", "ORG"), ("China", "GPE"),
        ("this year", "DATE"), ("4.6%", "PERCENT"),
    ]),
    P("p25", """
India's Finance Minister Anjali Rao presented a budget on Saturday that raises the
income tax exemption threshold to 1.2 million rupees, a move aimed at middle-class
voters ahead of elections in Bihar. The government projected a fiscal deficit of
4.4% of gross domestic product for fiscal 2026. Opposition leaders from the
Congress party called the plan a giveaway, while the Reserve Bank of India is
expected to cut rates at its meeting next week. Indian equities rose 1.1% after the
speech.
""", [
        ("India", "GPE"), ("Anjali Rao", "PERSON"), ("Saturday", "DATE"),
        ("1.2 million rupees", "MONEY"), ("Bihar", "GPE"), ("4.4%", "PERCENT"),
        ("fiscal 2026", "DATE"), ("Congress", "ORG"), ("Reserve Bank of India", "ORG"),
        ("next week", "DATE"), ("Indian", "NORP"), ("1.1%", "PERCENT"),
    ]),
    P("p26", """
Taiwan Semiconductor Manufacturing Co. said on Thursday that first-quarter net
profit rose 60% to 361.6 billion New Taiwan dollars, driven by demand for chips
used in artificial-intelligence data centers. Chairman Lin Wei-ting said the
company's factories in Arizona would produce 30% of its most advanced chips once
fully built, and that tariffs had not yet hurt demand. TSMC expects second-quarter
revenue of $28.8 billion.
""", [
        ("Taiwan Semiconductor Manufacturing Co.", "ORG"), ("Thursday", "DATE"),
        ("first-quarter", "DATE"), ("60%", "PERCENT"),
        ("361.6 billion New Taiwan dollars", "MONEY"), ("Lin Wei-ting", "PERSON"),
        ("Arizona", "GPE"), ("30%", "PERCENT"), ("TSMC", "ORG"),
        ("second-quarter", "DATE"), ("$28.8 billion", "MONEY"),
    ]),
    P("p27", """
Workers at Boeing's defense plants in St. Louis walked off the job on Monday after
rejecting a contract that offered a 20% raise over five years, the International
Association of Machinists and Aerospace Workers said. The strike involves 3,200
workers who build fighter jets and munitions. District President Greg Lutz said
members wanted better retirement benefits. Boeing said it had activated contingency
plans. The company ended a seven-week strike by 33,000 workers in Seattle last
November.
""", [
        ("Boeing", "ORG"), ("St. Louis", "GPE"), ("Monday", "DATE"), ("20%", "PERCENT"),
        ("five years", "DATE"),
        ("International Association of Machinists and Aerospace Workers", "ORG"),
        ("Greg Lutz", "PERSON"), ("Boeing", "ORG"), ("seven-week", "DATE"),
        ("Seattle", "GPE"), ("last November", "DATE"),
    ]),
    P("p28", """
The United Arab Emirates and India signed an agreement on Tuesday to settle more
of their bilateral trade in rupees and dirhams, aiming to lift non-oil trade to
$100 billion by 2030. Emirati Trade Minister Saeed Al Harbi said in New Delhi that
the deal would cut costs for small exporters. Bilateral trade reached $83.7
billion last year, up 16% from 2023, according to the UAE's Ministry of Economy.
""", [
        ("United Arab Emirates", "GPE"), ("India", "GPE"), ("Tuesday", "DATE"),
        ("$100 billion", "MONEY"), ("2030", "DATE"), ("Emirati", "NORP"),
        ("Saeed Al Harbi", "PERSON"), ("New Delhi", "GPE"), ("$83.7 billion", "MONEY"),
        ("last year", "DATE"), ("16%", "PERCENT"), ("2023", "DATE"), ("UAE", "GPE"),
        ("Ministry of Economy", "ORG"),
    ]),
    P("p29", """
Germany's Federal Constitutional Court on Tuesday struck down a plan to shift
60 billion euros of unused pandemic borrowing into a climate fund, saying it
breached limits set by the Basic Law. Finance Minister Stefan Brenner said the
government would present a revised budget for 2025 by the end of the month. The
case, brought by lawmakers from the Christian Democratic Union, left a hole in
funding for subsidies promised to Intel Corp. and TSMC for new factories in
Magdeburg and Dresden.
""", [
        ("Germany", "GPE"), ("Federal Constitutional Court", "ORG"), ("Tuesday", "DATE"),
        ("60 billion euros", "MONEY"), ("Basic Law", "LAW"),
        ("Stefan Brenner", "PERSON"), ("2025", "DATE"), ("the end of the month", "DATE"),
        ("Christian Democratic Union", "ORG"), ("Intel Corp.", "ORG"), ("TSMC", "ORG"),
        ("Magdeburg", "GPE"), ("Dresden", "GPE"),
    ]),
    P("p30", """
South Korean President Han Seung-min and Japanese Prime Minister Takeshi Mori
agreed at a summit in Tokyo on Saturday to resume a currency swap arrangement worth
$10 billion and to cooperate on supply chains for semiconductors. The two leaders
also discussed North Korea's missile launches, which have increased this year.
Seoul and Tokyo have sought to improve ties since 2023, when they settled a dispute
over compensation for wartime forced labour.
""", [
        ("South Korean", "NORP"), ("Han Seung-min", "PERSON"), ("Japanese", "NORP"),
        ("Takeshi Mori", "PERSON"), ("Tokyo", "GPE"), ("Saturday", "DATE"),
        ("$10 billion", "MONEY"), ("North Korea", "GPE"), ("this year", "DATE"),
        ("Seoul", "GPE"), ("Tokyo", "GPE"), ("2023", "DATE"),
    ]),
    P("p31", """
The U.S. and South Korean militaries began joint drills on Monday involving 18,000
troops, prompting a warning from Pyongyang that the exercises risked "a
catastrophe" on the Korean Peninsula. Defense Minister Jang Woo-sik said the drills
were defensive. The Ministry of Unification said North Korean state media had
reported the test of a new cruise missile last week. Officials in Beijing urged
restraint and said tensions in Northeast Asia served no one's interests.
""", [
        ("U.S.", "GPE"), ("South Korean", "NORP"), ("Monday", "DATE"),
        ("Pyongyang", "GPE"), ("Korean Peninsula", "LOC"), ("Jang Woo-sik", "PERSON"),
        ("Ministry of Unification", "ORG"), ("North Korean", "NORP"),
        ("last week", "DATE"), ("Beijing", "GPE"), ("Northeast Asia", "LOC"),
    ]),
    P("p32", """
Korea Hydro & Nuclear Power signed a contract on June 4 to build two reactors in
the Czech Republic, a deal valued at 407 billion koruna, or $18.6 billion. The
award came after a Czech court lifted an injunction sought by Electricite de
France, which had lost the tender. Industry Minister Ryu Ji-hoon said it was the
largest export deal in the history of Korea's nuclear industry. Westinghouse
Electric Co. dropped its challenge in January after a settlement with the Korean
company.
""", [
        ("Korea Hydro & Nuclear Power", "ORG"), ("June 4", "DATE"),
        ("Czech Republic", "GPE"), ("407 billion koruna", "MONEY"),
        ("$18.6 billion", "MONEY"), ("Czech", "NORP"), ("Electricite de France", "ORG"),
        ("Ryu Ji-hoon", "PERSON"), ("Korea", "GPE"),
        ("Westinghouse Electric Co.", "ORG"), ("January", "DATE"), ("Korean", "NORP"),
    ]),
    P("p33", """
Apple unveiled the iPhone 17 Air at its headquarters in Cupertino on Tuesday, its
thinnest phone yet, along with an updated Apple Watch Series 11 and AirPods Pro 3.
The Air will sell for $999 in the United States and go on sale on September 19.
Analysts at Morgan Stanley expect Apple to ship 240 million phones in fiscal 2026,
a 5% increase, helped by upgrades in China and India.
""", [
        ("Apple", "ORG"), ("iPhone 17 Air", "PRODUCT"), ("Cupertino", "GPE"),
        ("Tuesday", "DATE"), ("Apple Watch Series 11", "PRODUCT"),
        ("AirPods Pro 3", "PRODUCT"), ("Air", "PRODUCT"), ("$999", "MONEY"),
        ("United States", "GPE"), ("September 19", "DATE"), ("Morgan Stanley", "ORG"),
        ("Apple", "ORG"), ("fiscal 2026", "DATE"), ("5%", "PERCENT"),
        ("China", "GPE"), ("India", "GPE"),
    ]),
    P("p34", """
Nigeria's oil output rose to 1.8 million barrels a day in March, its highest in
four years, as security improved along pipelines in the Niger Delta, the Nigerian
Upstream Petroleum Regulatory Commission said on Wednesday. Petroleum Minister Chidi
Okonkwo said the government aimed to reach 2 million barrels a day by December to
meet its OPEC quota. Shell Plc completed the sale of its onshore Nigerian unit to a
group of local companies for $2.4 billion last month.
""", [
        ("Nigeria", "GPE"), ("March", "DATE"), ("four years", "DATE"),
        ("Niger Delta", "LOC"),
        ("Nigerian Upstream Petroleum Regulatory Commission", "ORG"),
        ("Wednesday", "DATE"), ("Chidi Okonkwo", "PERSON"), ("December", "DATE"),
        ("OPEC", "ORG"), ("Shell Plc", "ORG"), ("Nigerian", "NORP"),
        ("$2.4 billion", "MONEY"), ("last month", "DATE"),
    ]),
    P("p35", """
Brazil's soybean exports to China reached a record 15.3 million tons in April as
Chinese buyers shifted purchases away from the United States amid the tariff
dispute, data from the Brazilian Association of Vegetable Oil Industries showed on
Friday. Agriculture Minister Rafael Monteiro said Brazil expected a harvest of 172
million tons this year. Shipments through the port of Santos rose 18% from a year
earlier.
""", [
        ("Brazil", "GPE"), ("China", "GPE"), ("April", "DATE"), ("Chinese", "NORP"),
        ("United States", "GPE"),
        ("Brazilian Association of Vegetable Oil Industries", "ORG"),
        ("Friday", "DATE"), ("Rafael Monteiro", "PERSON"), ("Brazil", "GPE"),
        ("this year", "DATE"), ("Santos", "GPE"), ("18%", "PERCENT"),
        ("a year earlier", "DATE"),
    ]),
    P("p36", """
SK Hynix Inc. reported record operating profit of 7.4 trillion won for the first
quarter on Thursday, as sales of high-bandwidth memory chips to Nvidia more than
doubled. The company said such chips now account for 40% of its DRAM revenue and
that its 12-layer HBM3E would make up most of its shipments in the second half.
Chief Financial Officer Kim Woo-jin said customers had already committed to
volumes for next year. Shares rose 2.9% in Seoul, while Samsung Electronics gained
0.6%.
""", [
        ("SK Hynix Inc.", "ORG"), ("7.4 trillion won", "MONEY"),
        ("the first quarter", "DATE"), ("Thursday", "DATE"), ("Nvidia", "ORG"),
        ("40%", "PERCENT"), ("HBM3E", "PRODUCT"), ("the second half", "DATE"),
        ("Kim Woo-jin", "PERSON"), ("next year", "DATE"), ("2.9%", "PERCENT"),
        ("Seoul", "GPE"), ("Samsung Electronics", "ORG"), ("0.6%", "PERCENT"),
    ]),
    P("p37", """
The Federal Reserve held interest rates steady on Wednesday for a fourth straight
meeting, with Chair Laura Pennington saying officials needed more evidence that
tariffs would not fuel lasting inflation. The central bank said it still expected
two cuts this year. Two governors dissented in favor of an immediate cut.
Republicans in Congress have urged faster easing. Bond yields fell and the dollar
weakened after Pennington's remarks, and stocks in New York rose 0.7%.
""", [
        ("Federal Reserve", "ORG"), ("Wednesday", "DATE"),
        ("Laura Pennington", "PERSON"), ("this year", "DATE"),
        ("Republicans", "NORP"), ("Congress", "ORG"), ("Pennington", "PERSON"),
        ("New York", "GPE"), ("0.7%", "PERCENT"),
    ]),
    P("p38", """
Japan's largest union federation, Rengo, said on Friday that member unions had
secured average wage increases of 5.46% in negotiations this spring, the biggest
rise in 34 years. The result strengthens the case for the Bank of Japan to raise
rates further, economists said. Rengo President Naoko Ishida said smaller companies
were still lagging and urged them to pass on costs to large customers such as
Toyota Motor Corp. and Panasonic Holdings.
""", [
        ("Japan", "GPE"), ("Rengo", "ORG"), ("Friday", "DATE"), ("5.46%", "PERCENT"),
        ("this spring", "DATE"), ("34 years", "DATE"), ("Bank of Japan", "ORG"),
        ("Rengo", "ORG"), ("Naoko Ishida", "PERSON"), ("Toyota Motor Corp.", "ORG"),
        ("Panasonic Holdings", "ORG"),
    ]),
    P("p39", """
The European Union proposed on Tuesday to phase out imports of Russian natural gas
by the end of 2027, including liquefied natural gas shipped under existing
contracts. Energy Commissioner Piotr Nowicki said the bloc had cut Russian gas to
13% of its imports from 45% in 2021. Hungary and Slovakia, which still rely on
pipeline supplies, said they would oppose the plan. Qatar and the United States are
expected to fill most of the gap.
""", [
        ("European Union", "ORG"), ("Tuesday", "DATE"), ("Russian", "NORP"),
        ("the end of 2027", "DATE"), ("Piotr Nowicki", "PERSON"), ("Russian", "NORP"),
        ("13%", "PERCENT"), ("45%", "PERCENT"), ("2021", "DATE"), ("Hungary", "GPE"),
        ("Slovakia", "GPE"), ("Qatar", "GPE"), ("United States", "GPE"),
    ]),
    P("p40", """
South Korea's exports rose 7.3% in March from a year earlier to $58.2 billion, led
by semiconductors, the Ministry of Trade, Industry and Energy said on April 1. Chip
exports jumped 11.9% to $13.1 billion, while shipments of cars fell 2.1% as Hyundai
Motor Co. and Kia Corp. shifted some production to their new plant in Georgia.
Exports to China rose 4.5%, but shipments to the U.S. dropped for the first time in
20 months. The country posted a trade surplus of $4.99 billion.
""", [
        ("South Korea", "GPE"), ("7.3%", "PERCENT"), ("March", "DATE"),
        ("a year earlier", "DATE"), ("$58.2 billion", "MONEY"),
        ("Ministry of Trade, Industry and Energy", "ORG"), ("April 1", "DATE"),
        ("11.9%", "PERCENT"), ("$13.1 billion", "MONEY"), ("2.1%", "PERCENT"),
        ("Hyundai Motor Co.", "ORG"), ("Kia Corp.", "ORG"), ("Georgia", "GPE"),
        ("China", "GPE"), ("4.5%", "PERCENT"), ("U.S.", "GPE"), ("20 months", "DATE"),
        ("$4.99 billion", "MONEY"),
    ]),
    P("p41", """
A jury in Marshall, Texas, ordered Samsung Electronics to pay $279 million to
Pinewave Networks LLC for infringing patents on wireless technology, the latest in
a series of large verdicts against the Korean company in federal court in Texas.
Samsung said it would appeal. Lawyers for Pinewave, led by attorney Grace Whitaker,
argued that the patents covered features in the Galaxy S24 and the Galaxy Z Fold6.
The verdict came on the 14th after a five-day trial.
""", [
        ("Marshall", "GPE"), ("Texas", "GPE"), ("Samsung Electronics", "ORG"),
        ("$279 million", "MONEY"), ("Pinewave Networks LLC", "ORG"),
        ("Korean", "NORP"), ("Texas", "GPE"), ("Samsung", "ORG"), ("Pinewave", "ORG"),
        ("Grace Whitaker", "PERSON"), ("Galaxy S24", "PRODUCT"),
        ("Galaxy Z Fold6", "PRODUCT"), ("the 14th", "DATE"), ("five-day", "DATE"),
    ]),
    P("p42", """
Chinese Vice Premier Sun Lihua met U.S. negotiators led by Mark Ellison in Geneva
over the weekend and agreed to cut reciprocal tariffs for 90 days, the two sides
said in a joint statement on Monday. The United States will lower its tariffs on
Chinese goods to 30% from 145%, while China will cut its levies on American products
to 10%. Stocks in Hong Kong jumped 3 percent. Sun said Beijing would keep its
licensing of rare earth exports in place.
""", [
        ("Chinese", "NORP"), ("Sun Lihua", "PERSON"), ("U.S.", "GPE"),
        ("Mark Ellison", "PERSON"), ("Geneva", "GPE"), ("the weekend", "DATE"),
        ("90 days", "DATE"), ("Monday", "DATE"), ("United States", "GPE"),
        ("Chinese", "NORP"), ("30%", "PERCENT"), ("145%", "PERCENT"),
        ("China", "GPE"), ("American", "NORP"), ("10%", "PERCENT"),
        ("Hong Kong", "GPE"), ("3 percent", "PERCENT"), ("Sun", "PERSON"),
        ("Beijing", "GPE"),
    ]),
    P("p43", """
G42, the Abu Dhabi artificial intelligence company, said on Thursday it would build
a data center campus in the United Arab Emirates with OpenAI and Oracle Corp., the
first phase of which will open in 2026. The project will use Nvidia's Blackwell
chips under export licenses approved by Washington last month. Chief Executive
Tariq Al Mazrouei said the campus would serve customers across the Middle East and
South Asia.
""", [
        ("G42", "ORG"), ("Abu Dhabi", "GPE"), ("Thursday", "DATE"),
        ("United Arab Emirates", "GPE"), ("OpenAI", "ORG"), ("Oracle Corp.", "ORG"),
        ("2026", "DATE"), ("Nvidia", "ORG"), ("Blackwell", "PRODUCT"),
        ("Washington", "GPE"), ("last month", "DATE"),
        ("Tariq Al Mazrouei", "PERSON"), ("Middle East", "LOC"), ("South Asia", "LOC"),
    ]),
    P("p44", """
The Korea Baseball Organization signed a five-year streaming deal worth 135 billion
won with CJ ENM, which will show every game online starting in 2026. Commissioner
Nam Gi-tae said attendance had topped 10 million last year, a record, driven by
younger fans. The deal is 2.6 times the value of the previous contract. The Lotte
Giants and the Doosan Bears, two of the most popular clubs, will also be allowed
to sell highlights directly to fans.
""", [
        ("Korea Baseball Organization", "ORG"), ("five-year", "DATE"),
        ("135 billion won", "MONEY"), ("CJ ENM", "ORG"), ("2026", "DATE"),
        ("Nam Gi-tae", "PERSON"), ("last year", "DATE"), ("Lotte Giants", "ORG"),
        ("Doosan Bears", "ORG"),
    ]),
    P("p45", """
Hyundai Motor Co. began selling the Ioniq 9 electric SUV in Europe on Monday,
priced from 65,000 euros in Germany, as it seeks to close the gap with BYD Co. and
other Chinese rivals. European sales of Hyundai and its affiliate Kia Corp. rose
3 percent in the first half, according to the European Automobile Manufacturers'
Association. Regional head Ingrid Bauer said the company would add a cheaper
Ioniq 2 next year.
""", [
        ("Hyundai Motor Co.", "ORG"), ("Ioniq 9", "PRODUCT"), ("Europe", "LOC"),
        ("Monday", "DATE"), ("65,000 euros", "MONEY"), ("Germany", "GPE"),
        ("BYD Co.", "ORG"), ("Chinese", "NORP"), ("European", "NORP"),
        ("Hyundai", "ORG"), ("Kia Corp.", "ORG"), ("3 percent", "PERCENT"),
        ("the first half", "DATE"),
        ("European Automobile Manufacturers' Association", "ORG"),
        ("Ingrid Bauer", "PERSON"), ("Ioniq 2", "PRODUCT"), ("next year", "DATE"),
    ]),
    P("p46", """
South Korea's National Assembly passed a revision to the Commercial Act on Thursday
that requires company directors to act in the interests of all shareholders, a
change long sought by foreign investors. Floor leader Rep. Yang Min-seo of the
Democratic Party said the reform would help end the so-called Korea discount in
share prices. Business groups, including the Korea Enterprises Federation, had
warned it would invite lawsuits. Foreign investors bought 1.2 trillion won of
Korean shares the following week.
""", [
        ("South Korea", "GPE"), ("National Assembly", "ORG"), ("Commercial Act", "LAW"),
        ("Thursday", "DATE"), ("Yang Min-seo", "PERSON"), ("Democratic Party", "ORG"),
        ("Korea", "GPE"), ("Korea Enterprises Federation", "ORG"),
        ("1.2 trillion won", "MONEY"), ("Korean", "NORP"),
        ("the following week", "DATE"),
    ]),
    P("p47", """
Indonesia will raise royalty rates on nickel ore to 14% from 10% starting in April,
the Ministry of Energy and Mineral Resources said on Monday, as Jakarta seeks more
revenue from the metal used in electric vehicle batteries. Minister Dewi Santoso
said Chinese-owned smelters on Sulawesi would not be exempt. Tsingshan Holding
Group, the largest investor in the sector, declined to comment. Indonesia supplies
most of the world's mined nickel and is courting Korean and Japanese battery makers
to build plants across Southeast Asia.
""", [
        ("Indonesia", "GPE"), ("14%", "PERCENT"), ("10%", "PERCENT"), ("April", "DATE"),
        ("Ministry of Energy and Mineral Resources", "ORG"), ("Monday", "DATE"),
        ("Jakarta", "GPE"), ("Dewi Santoso", "PERSON"), ("Chinese", "NORP"),
        ("Sulawesi", "LOC"), ("Tsingshan Holding Group", "ORG"), ("Indonesia", "GPE"),
        ("Korean", "NORP"), ("Japanese", "NORP"), ("Southeast Asia", "LOC"),
    ]),
    P("p48", """
Qualcomm Inc. raised its revenue forecast on Wednesday after strong demand for the
Snapdragon 8 Elite chip used in Android phones from Xiaomi Corp. and Samsung
Electronics. The San Diego company now expects third-quarter revenue of $10.3
billion. Chief Executive Victor Almeida said Apple would stop buying Qualcomm
modems for the iPhone by 2027, costing it 15% of its handset chip sales. Shares
rose 4% in extended trading.
""", [
        ("Qualcomm Inc.", "ORG"), ("Wednesday", "DATE"),
        ("Snapdragon 8 Elite", "PRODUCT"), ("Android", "PRODUCT"),
        ("Xiaomi Corp.", "ORG"), ("Samsung Electronics", "ORG"), ("San Diego", "GPE"),
        ("third-quarter", "DATE"), ("$10.3 billion", "MONEY"),
        ("Victor Almeida", "PERSON"), ("Apple", "ORG"), ("Qualcomm", "ORG"),
        ("iPhone", "PRODUCT"), ("2027", "DATE"), ("15%", "PERCENT"), ("4%", "PERCENT"),
    ]),
]
