"""The report's facts: who reports (reporter and kind: government or department) and
for which year."""
from __future__ import annotations

import functools
import re

from ..model import Block
from .parts import classify_heading
from .result import Heading, Outline
from .text import front_terms, WS, YEAR


_ADMIN = re.compile(r"(.{2,8}?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|地区|县|区|旗|街道|苏木"
                    r"|(?:镇|乡)(?![市县区州旗盟])))")
# a township-level unit: 镇, 乡, 街道, 苏木 (景德镇市, 宁乡市 are cities: 镇/乡 before 市); a
# Guangzhou street office is named "××街" (鹤龙街, 三元里街): only _JIE_NAME admits a bare 街
_TOWN = re.compile(r"(街道|街|镇|乡|苏木)$")
# a bare 街 after a 2-4 character name is a street office; streets are not ("步行街", "商业街",
# "美食街", "老街", "一条街", "中山大街"), nor "镇街" (townships and streets: "各镇街")
_NOT_JIE = r"(?<![镇乡村])(?<!步行)(?<!商业)(?<!美食)(?<!小吃)(?<!文化)(?<!特色)(?<!风情)(?<!休闲)(?<!示范)(?<!条)(?<![老古大新旧横后])"
_JIE_NAME = re.compile(rf"^(?![各全本我该每此])([\u4e00-\u9fff]{{2,4}}{_NOT_JIE}街)(?:道?办事处|党工委|党委)?$")
# a 乡/镇 that ends a phrase, not a place: "住房和城乡(建设局)", "农业农村和乡(村振兴局)",
# "全县各乡(镇)"; a 和 after a word of two or more characters joins words, one after the
# first character is a part of the name ("仁和镇", "太和镇", "永和乡")
_NOT_TOWN = re.compile(r"[与及、各]|[\u4e00-\u9fff]{2}和|^[全本我该每此]|^(?:城|县|市|区|乡)(?:镇|乡)$")
# the organ of a township after its name: "贤庠镇人民政府", "金龙街道办事处", "留下街道党工委"
_TOWN_ORGAN = re.compile(r"^(?:人民政府|政府|办事处|街道办事处|党委|党工委|党政办公室|党政办)$")
_NOT_ADMIN = {"城市", "都市", "超市", "城区", "园区", "社区", "景区", "街区", "小区", "辖区", "片区", "市区", "县区", "地区"}
_DEPT_END = re.compile(r"(局|厅|委|办|办公室|中心|院|所|署|会|处|站|队|部|委员会|管委会|海关|档案馆|[林农牧]场)$")
_SELF_GOV = re.compile(r"我(省|市|县|区|州|旗|盟|街道|街(?![道头区巷])|镇|乡|苏木)")
_SELF_DEPT = re.compile(r"我(局|委|厅|办|中心|院|署|部|队)|(?:[局厅]|(?<![省市县区州旗])委)(?:党委|党组)(?!书记)")
# "市局党委带头", "厅党组会议", "委党组第一时间": a department's own party group ("县委党组"
# is no word; "市委党委" neither)


_ALIAS = re.compile(r"[（(][^（()）]{1,10}[)）]")
_ZONE_ORGAN = re.compile(r"^(党工委|党委)?(管委会|管理委员会)$")
_ZONE = re.compile(r"^(.{2,24}?(?:开发区|高新区|新区|园区|试验区|合作区))(?:党工委|党委)?(?:管委会|管理委员会)$")


def reporter_from_name(name: str) -> tuple[str | None, str | None]:
    """'邵阳市武冈市' -> ('武冈市', 'government'); '高平市司法局' -> ('高平市司法局', 'department');
    '赵县人民政府' -> ('赵县', 'government'); '××经济技术开发区管委会' -> ('××经济技术开发区',
    'government'): a development zone's 管委会 governs its area; '高新区(新市区)人民政府' ->
    ('高新区(新市区)', 'government')."""
    name = name.strip(WS)
    name = re.sub(r"^(中共|中国共产党)", "", name)
    alias = _ALIAS.search(name)
    if alias and alias.start() > 0:
        who, kind = reporter_from_name(name[:alias.start()] + name[alias.end():])
        if who and kind == "government" and name[:alias.start()].endswith(who):
            return who + alias.group(0), kind
        return who, kind
    zone = _ZONE.match(name)
    if zone:
        return zone.group(1), "government"
    pos = 0
    last_unit = None
    one = re.match(r"^[\u4e00-\u9fff](县|旗)(?=人民政府|政府|$)|^[\u4e00-\u9fff](县|旗)(?=[\u4e00-\u9fff]{1,10}(局|委|办|办公室|中心)$)", name)
    if one and not _ADMIN.match(name):
        last_unit, pos = one.group(0), 2  # one-character counties: 赵县, 沛县, 岷县
    while True:
        gov = re.compile(r"人民政府|政府").match(name, pos) if last_unit else None
        if gov and gov.end() < len(name):
            # "鲤城区人民政府金龙街道办事处": a street office under the district government
            pos = gov.end()
        m = _ADMIN.match(name, pos)
        # "邵阳市委全面依法治市委员会办公室": a 委 after a place is its party committee
        if not m or m.group(1) in _NOT_ADMIN or "政府" in m.group(1) or m.group(1)[0] == "委" \
                or (_TOWN.search(m.group(1)) and _NOT_TOWN.search(m.group(1))):
            if gov:
                pos = gov.start()
            break
        last_unit = m.group(1)
        pos = m.end()
    rest = name[pos:]
    town = bool(last_unit and _TOWN.search(last_unit))
    if town and _TOWN_ORGAN.match(rest):
        return last_unit, "township"
    if last_unit is None and re.fullmatch(r"(?:街道|镇|乡|苏木)(?:人民政府|政府|办事处|党委|党工委)?", rest):
        return None, "township"  # "街道办事处", "镇人民政府": which one is not said
    rest = re.sub(r"^(人民政府|政府)$", "", rest)
    jie = _JIE_NAME.match(rest)
    if jie:  # "鹤龙街", "白云区鹤龙街": a Guangzhou street office
        return jie.group(1), "township"
    if last_unit and _ZONE_ORGAN.match(rest) and re.search(r"(开发区|高新区|新区|园区|试验区|合作区)$", last_unit):
        return last_unit, "government"
    if last_unit is None and not rest:
        return None, None
    if rest:
        if _DEPT_END.search(rest) or rest.endswith("部门"):
            return (last_unit or "") + rest, "department"
        if last_unit is None:
            return None, None  # no place and no organ: a fragment ("区五年"), not a name
        return last_unit + rest, None
    return last_unit, "township" if town else "government"


# organs that issue one report together: "中共洛宁县委 洛宁县人民政府", "中共洛宁县委、洛宁县人民政府",
# "中共洛宁县委洛宁县人民政府" (a 县委 glued to its government), "县委办公室 县政府办公室"
_JOINT_SEP = re.compile(r"[\s\u3000、，,]+|(?<=[省市县区州旗]委)(?!办|全面|常委|书记|党校)(?=\S{1,12}?(?:人民政府|政府))")
# a party organ: it co-issues, the government reports
_PARTY = re.compile(r"^(?:中共|中国共产党)|(?:[省市县区州旗]委|党委|党工委|工作委员会)(?:办公室)?$")


def split_organs(name: str) -> list[str]:
    """The organs a joint name lists, in order ("中共洛宁县委 洛宁县人民政府" -> ["中共洛宁县委",
    "洛宁县人民政府"]); one name -> [name]."""
    return [n for n in _JOINT_SEP.split(name.strip(WS)) if n]


def joint_reporter(name: str) -> tuple[str | None, str | None]:
    """reporter_from_name of a name that may list several organs: the government (or a
    township) reports a joint report of the party committee and the government; else the
    organ that is not a party organ, listed last ("县委办公室 县政府办公室" -> the
    government's office)."""
    organs = split_organs(name)
    if len(organs) < 2:
        return reporter_from_name(name)
    found = [(reporter_from_name(n), _PARTY.search(n) is not None) for n in organs]
    for (who, kind), _party in found:
        if who and kind in ("government", "township"):
            return who, kind
    named = [x for x, party in found if x[0] and not party] or [x for x, _party in found if x[0]]
    return named[-1] if named else (None, None)


def is_party_organ(name: str) -> bool:
    """"中共洛宁县委", "洛宁县委办公室", "中共青阳街道工作委员会"."""
    return _PARTY.search(name.strip(WS)) is not None


def find_co_issuers(outline: Outline) -> list[str]:
    """The party organs that issue the report jointly with the reporter, as the title
    ("中共洛宁县委 洛宁县人民政府关于……"), the issuer line or the signature lists them."""
    names = []
    if outline.title:
        m = re.search(r"关于|(?<!\d)20\d\d(?!\d)|法治政府", outline.title)
        names.append(outline.title[:m.start()] if m else "")
    names += [outline.issuer or "", outline.signature or ""]
    for name in names:
        organs = split_organs(name)
        if len(organs) > 1 and not all(is_party_organ(n) for n in organs):
            return [n for n in organs if is_party_organ(n)]
    return []


def signing_name(reporter: str, kind: str | None) -> str:
    """The name the reporter signs a report as: '赵县' -> '赵县人民政府', '贤庠镇' ->
    '贤庠镇人民政府', '留下街道' -> '留下街道办事处' (the street office), '××高新区' ->
    '××高新区管委会', a department's
    name as it is."""
    if kind in ("government", "township") and not reporter.endswith(("政府", "办事处")):
        if re.search(r"(开发区|高新区|经开区|园区|试验区|合作区)$", reporter):
            return reporter + "管委会"  # a development zone is governed by its 管委会
        if reporter.endswith("街"):  # "鹤龙街" signs as "鹤龙街道办事处"
            return reporter + "道办事处"
        return reporter + ("办事处" if reporter.endswith("街道") else "人民政府")
    return reporter


_COVER_TITLE = re.compile(r"^关于(?:报送|呈报|上报|报请审阅)《(?P<inner>[^《》]+)》的(?:报告|函)$")


def title_names_organ(title: str) -> bool:
    """The title names who reports, by name or by a generic form ("省人民政府关于……",
    "县教育局……"); "关于2022年度法治政府建设情况的报告" names no one."""
    tail = re.search(r"[（(]([^（(）)]*)[）)]\s*$", title)  # "……年度报告（××县司法局）"
    return _reporter_from_title(title) != (None, None) or bool(_organ_before(title)) \
        or bool(tail and reporter_from_name(tail.group(1))[1])


def _organ_before(title: str) -> str:
    """The words before the report's subject that end as an organ does."""
    m = re.search(r"关于|(?<!\d)20\d\d(?!\d)|法治政府|依法行政|法治建设", title)
    head = title[:m.start()] if m else ""
    return head if re.search(_ORGAN_NAME + "$", head) and len(head) >= 2 else ""


def _reporter_from_title(title: str) -> tuple[str | None, str | None]:
    t = re.sub(r"[（(][^（(）)]*[）)]$", "", title.strip(WS))
    cover = _COVER_TITLE.match(t)
    if cover:  # "关于报送《浦东新区财政局2023年度法治政府建设情况报告》的报告"
        t = cover.group("inner")
    # "2020年静海区法治政府建设情况报告": the reporter follows the year
    lead = re.match(r"^20\d\d\s*年度?(?P<name>[^\d]{2,30}?)(?:关于)?(?:法治政府|依法行政|法治建设)", t)
    if lead:
        return joint_reporter(lead.group("name"))
    m = re.search(r"关于|(?<!\d)20\d\d(?!\d)|法治政府", t)  # "沅江路街道2024法治政府……": no 年
    if not m or m.start() == 0:
        return None, None
    return joint_reporter(t[: m.start()])


_ORGAN_NAME = (r"[\u4e00-\u9fff()（）XxＸｘ×*＊]{1,24}?(?:人民政府|政府|管委会|委员会|局|厅|部|署|办公室|办事处|办|委|中心"
               r"|海关|档案馆|林场|农场"
               r"|新区|高新区|开发区|自治区|自治州|自治县|省|市|州|县|区|旗|盟|街道|镇|乡|苏木|" + _NOT_JIE + r"街(?![道头区巷]))")


@functools.cache
def _subject_patterns():
    verbs = front_terms()["verbs"]
    return (
        # "现将2023年度枣庄市教育局法治政府建设工作情况报告如下"
        re.compile(rf"现将\s*(?:20\d\d\s*年度?)?\s*(?P<name>{_ORGAN_NAME})\s*(?:20\d\d\s*年度?)?\s*的?(?:法治政府|依法行政|法治建设)"),
        # "2023年，前进区教育局深入开展……", "……的指导下，两江新区坚持……"
        re.compile(rf"(?:^|[。；;，,])\s*(?:20\d\d\s*年度?\s*[，,]\s*)?(?P<name>{_ORGAN_NAME})(?:党组|党委|党工委)?{verbs}"),
    )


def _generic_kind(name: str) -> str:
    """The kind a generic name says: "我镇", "我街道" (township), "县人民政府", "我市"
    (government), "我局", "市教育局" (department)."""
    if _TOWN.search(name) or re.search(r"(街道|镇|乡)(人民政府|政府|办事处)$", name):
        return "township"
    return "government" if re.search(r"(政府|[省市县区州旗])$", name) else "department"


def _reporter_from_preamble(blocks: list[Block]) -> tuple[str | None, str | None]:
    """The organ the preamble speaks as: the subject of its sentences, or the one that
    "现将……情况报告如下". A generic name ("市教育局", "县人民政府", "我局") gives only the kind."""
    generic_kind = None
    for b in blocks[:2]:
        text = b.text.strip(WS)
        for rx in _subject_patterns():
            for m in rx.finditer(text):
                name = m.group("name")
                generic = name[0] in "我本" or _PLACEHOLDER.search(name) or (name[0] in "省市县区州旗" and len(name) > 1
                                                and (reporter_from_name(name[1:])[1] == "department"
                                                     or name[1:] in ("人民政府", "政府")))
                if generic:
                    generic_kind = generic_kind or _generic_kind(name)
                    continue
                who, kind = reporter_from_name(name)
                if who and kind:
                    return who, kind
    return None, generic_kind


_PLACE_STOP = re.compile(r"^(全|本|我|各|该|每|此|外|邻|兄|省|市|县|区|乡|镇|示范|样板|法治|依法|城乡|县乡|市县|区县)")


def _reporter_from_text(text: str) -> tuple[str | None, str | None]:
    gov = _SELF_GOV.findall(text)
    dept = _SELF_DEPT.findall(text)
    if dept and len(dept) > len(gov):
        return None, "department"
    if not gov:
        return None, None
    suffix = max(dict.fromkeys(gov), key=gov.count)  # ties: the first named
    kind = "township" if _TOWN.search(suffix) else "government"
    counts: dict[str, int] = {}
    # a place name starts a word (after punctuation, 《, or a higher-level unit) and is
    # not a common word ending in the suffix ("落实县直单位", "在全县")
    pos = text.find(suffix, 2)
    # towns and streets often have three-character names ("四季青街道", "坡子街街道")
    widths = (2, 3) if kind == "township" else (2,)
    while pos >= 0:
        at, pos = pos, text.find(suffix, pos + 1)
        after = text[at + len(suffix):at + len(suffix) + 1]
        if after and after in "直委级域纪政人党法检公财长情":  # "县委", "县纪委监委", "镇长", "镇情": the suffix is a modifier
            continue
        for width in widths:
            name = text[at - width:at] if at >= width else ""
            before = text[at - width - 1] if at > width else ""
            if not name or not all("\u4e00" <= c <= "\u9fff" for c in name):
                break
            if "\u4e00" <= before <= "\u9fff" and before not in "省市州县区在于到入对":
                continue  # not the start of a word ("在下太镇", "列入下太镇" start one): try a longer name
            if _PLACE_STOP.match(name) or re.search(r"[法治全本各该我此]", name):
                break
            if suffix == "街" and (after == "道" or not _JIE_NAME.match(name + suffix)):
                break  # "步行街"; "鹤龙街道" is counted as 街道 where that is the suffix
            counts[name] = counts.get(name, 0) + (3 if before == "《" else 1)
            break
    if not counts:
        return None, kind
    best = max(counts, key=lambda k: (counts[k], text.count(k)))
    return best + suffix, kind


def year_in(text: str) -> int | None:
    m = YEAR.search(text)
    return int(m.group(1)) if m else None


def _own_year_in(text: str) -> int | None:
    """The first year of a sentence that is not inside a cited document's name or a
    bracket ("根据《纲要（2021—2025年）》，现将2022年……" -> 2022)."""
    # an opener ends the inner run too: a scan stops at the next bracket, so a line of
    # 100k unclosed "(" costs one pass instead of one pass per bracket
    return year_in(re.sub(r"《[^《》]*》|[（(][^（(）)]*[)）]|〔[^〔〕]*〕", "", text))


def _year_without_title(outline: Outline, headings: list[Heading], top: int | None) -> None:
    """No year in the title or preamble: the year the plans heading names is N+1; a
    成文日期 in the first half of a year is in N+1, a later one in N."""
    for h in headings:
        if h.level == top and classify_heading(h.text) == "plans":
            y = year_in(h.text)
            if y:
                outline.report_year, outline.report_year_source = y - 1, "plans"
                return
    if outline.date_value:
        y, m, _d = outline.date_value
        outline.report_year, outline.report_year_source = (y - 1 if m <= 6 else y), "date"


def find_report_year(outline: Outline, prelim_year: int | None, has_top: bool,
                     headings: list[Heading], top: int | None) -> None:
    """The report year N: from the title, else the part headings (prelim_year, when there
    are part headings), else the preamble, else the plans heading or the date."""
    if outline.title:
        outline.report_year = year_in(outline.title)
        if outline.report_year:
            outline.report_year_source = "title"
    if outline.report_year is None and prelim_year and has_top:
        outline.report_year = prelim_year
        outline.report_year_source = "heading"
    if outline.report_year is None:
        for b in outline.preamble:
            y = _own_year_in(b.text)
            if y:
                outline.report_year, outline.report_year_source = y, "preamble"
                break
    if outline.report_year is None:
        _year_without_title(outline, headings, top)


_GENERIC = re.compile(r"^(?:[全本我各该此](?:[省市县区州旗盟局委厅办镇乡]|自治区|街道|苏木)?$|(?:[省市县区州旗盟镇乡]|自治区|街道)?"
                      r"(?:高新区|开发区|经开区|新区|园区|试验区|合作区|经济技术开发区|经济开发区|高新技术产业开发区)?"
                      r"(?:人民政府|政府|管委会|管理委员会|办事处)?$)")
# a name replaced by a placeholder ("XX市", "xx市", "*区", "某某县", "某县") names no one
_PLACEHOLDER = re.compile(r"[XxＸｘ×*＊某]")  # 某 names no place: "某县", "某区某街道"
# traditional characters the reporter and kind words use: a traditional-character copy
# ("自治區人民政府", "我區") names its reporter all the same
_TRAD = str.maketrans("區縣東廣內蒙灣務會黨國報設責負長關辦廳機導決執權專員鄉鎮領體現將況規劃進義業經濟議產農",
                      "区县东广内蒙湾务会党国报设责负长关办厅机导决执权专员乡镇领体现将况规划进义业经济议产农")
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


_LOCAL_ORGAN = re.compile(r"(局|厅|委|办|办公室|中心|所|站|队|处|科)$")


def is_generic_name(name: str) -> bool:
    """A name that only says what kind of body reports, not which: "全县", "区司法局",
    "县人民政府", "高新区" (the place is named elsewhere or not at all)."""
    if _GENERIC.match(name):
        return True
    if _LOCAL_ORGAN.search(name) and reporter_from_name(name) == (name, "department") \
            and not _ADMIN.match(name) and not re.match(r"(国家|国务院|中央|中国|全国)", name):
        return True  # a local organ with no place: "教育局", "教育厅" name a category
    if _ZHEN_PLACE.match(name):
        return False  # a place named with 镇/乡 first: "镇海区农业农村局", "镇江市司法局", "乡宁县"
    return name[0] in "省市县区州旗镇乡" and len(name) > 1 and (
        reporter_from_name(name[1:])[1] == "department" and reporter_from_name(name[1:])[0] == name[1:])


# a county or city whose name begins with 镇 or 乡 (镇海区, 镇江市, 镇安县, 镇原县, 镇雄县, 乡宁县),
# not a township's organ with its place left out ("镇农业农村办")
_ZHEN_PLACE = re.compile(r"^[镇乡][\u4e00-\u9fff]{1,3}?(?:市|县|区|州|旗)(?!委|直|级|域|属)")


def find_reporter(outline: Outline, live: list[Block]) -> tuple[str | None, str | None]:
    """(reporter, kind): from the title, the issuer line, the signature, the preamble,
    else the text. A generic name ("全县", "区司法局") gives only the kind."""
    reporter, kind = _find_reporter(outline, live)
    if reporter and (is_generic_name(reporter) or _PLACEHOLDER.search(reporter)):
        reporter = None
    return reporter, kind


def _named(found: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    """A found (name, kind) with a generic or placeholder name dropped ("教育局",
    "某县"): the next source may name the reporter ("2023年，宁都县教育局坚持……")."""
    who, kind = found
    if who and (is_generic_name(who) or _PLACEHOLDER.search(who)):
        return None, kind
    return who, kind


def _find_reporter(outline: Outline, live: list[Block]) -> tuple[str | None, str | None]:
    reporter, kind = (None, None)
    if outline.title:
        reporter, kind = _named(_reporter_from_title(outline.title))
    if reporter is None and outline.issuer:
        # "中共青阳街道工作委员会 青阳街道办事处": the government (listed last) reports
        reporter, how = _named(joint_reporter(outline.issuer))
        kind = how or kind
    if reporter is None and outline.signature and outline.signature_block is not None:
        reporter, how = _named(joint_reporter(outline.signature))
        kind = how or kind
    if reporter is None:
        who, how = _reporter_from_preamble(outline.preamble)
        reporter, kind = who, kind or how
    if reporter is None or kind is None:
        text = _PINYIN.sub("", "\n".join(b.text for b in live)).translate(_TRAD)
        text_reporter, text_kind = _reporter_from_text(text)
        if reporter is None and kind in (None, text_kind):
            reporter = text_reporter  # never a place's name for a department
        if kind is None:
            kind = text_kind or ("government" if reporter else None)
    return reporter, kind


def find_plan_year(outline: Outline) -> None:
    """The plan year N+1: from the plans heading or its first line, else N+1."""
    year = outline.report_year
    plans = outline.sections_of("plans")
    if plans:
        first = plans[0]
        y = year_in(first.heading.text) if first.heading else None
        if y:
            outline.plan_year, outline.plan_year_source = y, "heading"
        else:
            opener = first.blocks[1] if first.heading and len(first.blocks) > 1 else first.opening
            m = re.match(r"^\s*(20\d\d)\s*年", opener.text)
            if m:
                outline.plan_year, outline.plan_year_source = int(m.group(1)), "text"
    if outline.plan_year is None and year:
        outline.plan_year, outline.plan_year_source = year + 1, "default"
