"""How rules and results read in plain Chinese (Traditional; converted per page)."""

from __future__ import annotations

from calculator import messages as M

STATUS = {
    "met": "符合要求",
    "not_met": "尚未達到要求",
    "not_required": "不要求繼續教育學時",
    "not_limiting": "學時不作為限制性條件",
}
CHANNEL_COUNTS = {
    "claimed": "學時按所學的科目計入公需科目或專業科目",
    "professional": "學時只計入專業科目（填寫為公需科目的，也按專業科目計算）",
    "public": "學時只計入公需科目",
}
EFFECT = {"not_required": "不要求繼續教育學時", "not_limiting": "繼續教育學時不作為限制性條件"}


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
    levels = "".join(M.LEVEL[level] for level in spec.get("levels") or [])
    if kind == "exemption":
        who = "、".join(policy.circumstances[f].name for f in spec["when_any"])
        return who, (f"申報{levels}職稱時" if levels else "") + EFFECT[spec["effect"]]
    circumstance = policy.circumstances[spec["field"]]
    if kind == "drop_years":
        return circumstance.question, f"不要求{circumstance.name}的學時"
    if kind == "years_from":
        text = f"只要求從{circumstance.name}起的年度"
        if spec.get("same_year") == "not_required":
            text += "；當年參加評審的，不要求學時"
        return circumstance.question, text
    raise ValueError(f"no short wording for reduction kind {kind!r}")


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
        if "meets_in_full" in spec:
            text = f"{spec['name']}：視同完成取得證書年度的{M.SUBJECT[spec['meets_in_full']]}學時要求。"
        elif "fixed_hours" in spec:
            fixed = spec["fixed_hours"]
            text = f"{spec['name']}：計入取得證書年度的{M.SUBJECT[fixed['subject']]} {fixed['hours']} 學時。"
        else:
            text = f"{spec['name']}：{CHANNEL_COUNTS[spec['counts_toward']]}。"
        only = spec.get("only_if")
        if only:
            who = policy.circumstances[only["person"]].words if "person" in only else ""
            when = purposes(only.get("purposes", []))
            text += f"只在{who}{when}時計入。"
        return [text]
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
    if kind == "exemption":
        who = "或".join(policy.circumstances[f].words for f in spec["when_any"])
        levels = "".join(M.LEVEL[level] for level in spec.get("levels", [])) if spec.get("levels") else ""
        when = f"申報{levels}職稱評審" if levels else purposes(spec["purposes"])
        return [f"{who}{when}時，{EFFECT[spec['effect']]}。"]
    if kind == "drop_years":
        circumstance = policy.circumstances[spec["field"]]
        return [f"{circumstance.question}的，{purposes(spec['purposes'])}時，{circumstance.name}不要求學時。"]
    if kind == "years_from":
        circumstance = policy.circumstances[spec["field"]]
        text = f"{circumstance.question}的，{purposes(spec['purposes'])}時只要求從{circumstance.name}起的年度"
        if spec.get("same_year") == "not_required":
            text += "；當年參加評審的，不要求繼續教育學時"
        return [text + "。"]
    if kind == "asks":
        return []  # the circumstances the block's rule reads: said by that rule's own sentences
    if kind == "review_card":
        return [f"學習考試合格後，登錄 {spec['address']} 自行打印審驗卡。"]
    if kind == "deadlines":
        return [f"{d['what']}：{date(d['by'])}前（原文「{d['says']}」）。" for d in spec]
    raise ValueError(f"no wording for rule kind {kind!r}")
