"""How rules and results read in plain Chinese (Traditional; converted per page)."""

from __future__ import annotations

from calculator import messages as M
from calculator.rule_kinds import REDUCTIONS, channel_sentence

STATUS = {
    "met": "符合要求",
    "not_met": "尚未達到要求",
    "not_required": "不要求繼續教育學時",
    "not_limiting": "學時不作為限制性條件",
}


def date(iso: str) -> str:
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{y}年{m}月{d}日"


def years(values) -> str:
    return "、".join(str(v) for v in values)


def purposes(values) -> str:
    return "、".join(M.PURPOSE[p] for p in values)


def age_in_short(tiers) -> str:
    """The age rule in one line: 男滿 55、女滿 50 周歲不作為限制性條件；男滿 50、女滿 45 周歲近 3 年中一年即可."""
    out = []
    for tier in tiers:
        effect = (
            "學時不作為限制性條件"
            if tier.effect == "not_limiting"
            else f"近 {tier.recent_years} 年中一個年度達到要求即可"
        )
        out.append(f"男滿 {tier.male}、女滿 {tier.female} 周歲，{effect}")
    return "；".join(out)


def reduction_in_short(kind: str, spec, policy) -> tuple[str, str]:
    """Who a reduction rule is for and what it changes, in a few words (home page), in the
    words of the circumstances its rule block declares (`policy.circumstances`)."""
    return REDUCTIONS[kind].short(spec, policy)


def rule_sentences(kind: str, spec, policy) -> list[str]:
    """One rule of a rule block, said as a reader would say it; a circumstance of the person in
    the words its declaration gives it (`policy.circumstances`)."""
    if kind == "requirement":
        total = spec.get("total", spec["public"] + spec["professional"])
        return [
            f"每年公需科目不少于 {spec['public']} 學時、專業科目不少于 {spec['professional']} 學時（合計 {total} 學時）。兩科分別計算，一科多出的學時不能抵另一科。"
        ]
    if kind == "window":
        return [
            f"{spec['year']} 年度的學時要在 {date(spec['from'])} 至 {date(spec['to'])}（含首尾兩天）學習；在這段時間以外學習的，不計入 {spec['year']} 年度。"
        ]
    if kind == "make_up":
        return [f"在 {spec['studied_in']} 年可以補學 {years(spec['years'])} 年度的學時；補學其他年度的，不計入。"]
    if kind == "title":
        return [
            f"申報{M.LEVEL[level]}職稱：{years(v['years'])} 年度，每年都要達到年度要求"
            + (f"（共 {v['total']} 學時）" if "total" in v else "")
            + "。"
            for level, v in spec.items()
        ]
    if kind == "assessment":
        which = "考核認定要求的年度" if spec["years"] == "case" else f"{years(spec['years'])} 年度"
        return [f"申請考核認定：{which}，每年都要達到年度要求。"]
    if kind == "channel":
        return [f"{spec['name']}：{channel_sentence(policy.channels[spec['id']], policy)}。"]
    if kind == "conversion":
        return [f"沒有明確學時標準的培訓，按 {spec['minutes_per_hour']} 分鐘計 1 學時。"]
    if kind == "age":
        out = []
        for tier in spec["tiers"]:
            if tier["effect"] == "not_limiting":
                effect = "繼續教育學時不作為限制性條件"
            else:
                effect = f"完成近 {tier['recent_years']} 年中任何一個年度的學時要求即可"
            out.append(
                f"男滿 {tier['male']} 周歲、女滿 {tier['female']} 周歲，{purposes(spec['purposes'])}時{effect}。"
            )
        out.append("年齡按查詢當日的周歲計算，生日當天即為滿周歲。")
        return out
    if kind in REDUCTIONS:
        return [REDUCTIONS[kind].card(spec, policy)]
    if kind == "asks":
        return []  # the circumstances the block's rule reads: said by that rule's own sentences
    if kind == "review_card":
        return [f"學習考試合格後，登錄 {spec['address']} 自行打印審驗卡。"]
    if kind == "deadlines":
        return [f"{d['what']}：{date(d['by'])}前（原文「{d['says']}」）。" for d in spec]
    raise ValueError(f"no wording for rule kind {kind!r}")
