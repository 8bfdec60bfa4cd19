"""The checks' message tables: every English message has a Chinese one with the same
placeholders, both render, the Chinese uses the glossary's terms, no hint gives solution code,
and the language follows BPLIB_LANG and set_language."""

from __future__ import annotations

import re
import string
import warnings

import numpy as np
import pytest

from bplib.exercises import ch01, ch04, get_language, messages, set_language
from bplib.exercises.messages import EN, LANGUAGES, ZH, text
from bplib.progress import chapters

FORMATTER = string.Formatter()


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in FORMATTER.parse(template) if name is not None}


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch):
    monkeypatch.delenv("BPLIB_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


def test_every_english_key_has_a_chinese_message_and_no_more():
    assert set(EN) - set(ZH) == set(), "untranslated"
    assert set(ZH) - set(EN) == set(), "Chinese messages without an English one"


def test_both_languages_have_the_same_placeholders():
    differ = [key for key in EN if fields(EN[key]) != fields(ZH.get(key, ""))]
    assert not differ


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_message_renders(language):
    for key, template in LANGUAGES[language].items():
        rendered = template.format(**{name: f"<{name}>" for name in fields(template)})
        assert rendered.strip() and rendered.count("{") == template.count("{{"), (key, rendered)
        assert "\n" not in rendered, f"{key}: a message is one line"


def test_every_registered_exercise_and_chapter_has_a_title_and_a_hint():
    for chapter, exercises in chapters().items():
        assert f"ch{chapter:02d}.title" in EN
        for number in exercises:
            assert number.startswith(f"{chapter}.")
            assert f"{number}.title" in EN and f"{number}.hint" in EN, number


def test_every_specific_hint_belongs_to_a_registered_exercise():
    known = {n for ex in chapters().values() for n in ex}
    for key in EN:
        match = re.fullmatch(r"(\d+\.\d+)\.(title|hint|case|passed)(\..+)?", key)
        if match:
            assert match.group(1) in known, key


HINTS = sorted(k for k in EN if ".hint" in k or k.startswith("hint."))
CODE = [r"\b(np|numpy|math|rng|losses)\.\w+(\.\w+)*\(",  # a call such as np.exp(...)
        r"@", r"\blambda\b", r"\bfor \w+ in\b", r"\brange\(", r"\bw = w\b", r"\*\*",
        r"\breturn [\w.]+ [-+*/] "]


def test_no_hint_gives_solution_code():
    code = [(key, pattern) for key in HINTS for language in LANGUAGES.values()
            for pattern in CODE if re.search(pattern, language[key])]
    assert not code


# The glossary's Chinese terms (chapters/glossary.md): where the English message uses the
# term, the Chinese one uses the glossary's translation.
GLOSSARY = {"learning rate": "学习率", "gradient": "梯度", "loss": "损失", "Jacobian": "雅可比矩阵",
            "upstream gradient": "上游梯度", "downstream gradient": "下游梯度",
            "local gradient": "局部梯度", "topological order": "拓扑排序",
            "regularizer": "正则项", "central difference": "中心差分",
            "forward difference": "前向差分", "finite difference": "有限差分",
            "complex step": "复步", "broadcast": "广播", "leaves": "叶子节点", "leaf": "叶子节点",
            "chain rule": "链式法则", "eigenvalue": "特征值", "normal equations": "正规方程",
            "one-hot": "独热", "margin": "间隔", "derivative": "导数", "graph": "计算图",
            "steepest descent": "最速下降", "warm-up": "预热", "least-squares": "最小二乘",
            "mini-batch": "小批量", "temperature": "温度", "truncation": "截断",
            "probability": "概率", "overflow": "溢出", "generator": "随机数生成器"}
AVOID = ["雅各比", "学习速率", "自动差分", "规则化", "正则化项", "坡度", "反向传播算法算法", "拓扑顺序"]


def glossary_problems(key: str) -> list[str]:
    english, chinese = EN[key].lower(), ZH[key]
    problems = []
    # code is not translated: backticks, identifiers, and tuples of names such as (loss, grad)
    english = re.sub(r"`[^`]*`|\w+(?:[._]\w+)+(?:\([^)]*\))?|\(\w+(?:, \w+)+\)", " ", english)
    for term, zh in GLOSSARY.items():
        if re.search(rf"\b{re.escape(term.lower())}(?!\w)", english) and not key.startswith(
                ("progress.cli", "ch")):
            if zh not in chinese:
                problems.append(f"{key}: '{term}' should be {zh}: {chinese}")
    return problems + [f"{key}: {wrong}" for wrong in AVOID if wrong in chinese]


def test_the_chinese_uses_the_glossary_terms():
    problems = [p for key in EN for p in glossary_problems(key)]
    assert not problems


def test_code_numbers_and_math_are_kept_in_the_chinese():
    def tokens(s: str) -> set[str]:
        code = set(re.findall(r"`[^`]+`", s))
        numbers = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.-])", s))
        idents = set(re.findall(r"\b[a-z_]+(?:\.[a-z_]+)+\b|\b[a-z]+_[a-z_]+\b", s))
        return code | numbers | idents
    missing = {key: sorted(tokens(EN[key]) - tokens(ZH[key])) for key in EN}
    assert not {key: m for key, m in missing.items() if m}


def test_chinese_punctuation_around_chinese_text():
    for key, message in ZH.items():
        chinese = re.sub(r"`[^`]*`|\{[^}]*\}", "", message)
        assert not re.search(r"[\u4e00-\u9fff][,:;?!]", chinese), (key, message)


def test_the_language_follows_bplib_lang(monkeypatch):
    assert get_language() == "en"
    for value in ("zh", "zh_CN", "zh-CN", "zh_CN.UTF-8", "ZH"):
        monkeypatch.setenv("BPLIB_LANG", value)
        assert get_language() == "zh", value
    monkeypatch.setenv("BPLIB_LANG", "en_US.UTF-8")
    assert get_language() == "en"


def test_an_unknown_bplib_lang_warns_once_and_speaks_english(monkeypatch):
    monkeypatch.setattr(messages, "_warned_env", set())
    monkeypatch.setenv("BPLIB_LANG", "fr")
    with pytest.warns(UserWarning, match="BPLIB_LANG='fr'"):
        assert get_language() == "en"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert text("why.value", got=1, expected=2) == "got 1, expected 2"


def test_set_language_overrides_the_environment_until_reset(monkeypatch):
    monkeypatch.setenv("BPLIB_LANG", "en")
    set_language("zh")
    assert get_language() == "zh" and text("line.hint", hint="x") == "  提示：x"
    set_language(None)
    assert get_language() == "en"


@pytest.mark.parametrize("bad", ["fr", "klingon", ""])
def test_set_language_rejects_a_language_without_a_table(bad):
    with pytest.raises(ValueError, match=r"set_language: language must be one of \['en', 'zh'\]"):
        set_language(bad)


def test_set_language_rejects_a_non_string():
    with pytest.raises(TypeError, match="set_language: language must be a string"):
        set_language(2)


def test_a_check_speaks_chinese(capsys):
    set_language("zh")
    assert not ch01.check_initial_loss(lambda C: 1 / C)
    assert capsys.readouterr().out == (
        "✗ 练习 1.3（全零分类器的损失）：得到 0.5，应为 0.693147（输入：C=2）\n"
        "  提示：你返回的是正确类别的概率；损失是它的对数的相反数。\n")
    assert ch01.check_initial_loss(lambda C: float(np.log(C)))
    assert capsys.readouterr().out == "✓ 练习 1.3（全零分类器的损失）：4 组输入全部通过。\n"


def test_a_chinese_check_keeps_code_and_numbers(capsys):
    set_language("zh")

    def in_place(loss_and_grad, w0, lr, steps):
        for _ in range(steps):
            w0 -= lr * loss_and_grad(w0)[1]
        return w0

    assert not ch04.check_descend(in_place)
    out = capsys.readouterr().out
    assert out.startswith("✗ 练习 4.1（用循环实现更新）：你的函数原地修改了参数 `w0`（输入：A.shape=(2, 2), "
                          "w0=[1, 1], lr=0.1, steps=5）\n  提示：w0 被原地修改了")
