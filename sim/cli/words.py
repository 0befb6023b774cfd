"""Sentences the commands print, in Chinese or English (tables live in :mod:`sim.present.terminal`)."""

from __future__ import annotations

import click


def version() -> str:
    from importlib.metadata import version as installed

    return installed("tiersim")


def mode(deterministic: bool, draws: int, seed: int, lang: str) -> str:
    if lang == "zh":
        return "1 条路径，波动为 0（确定性）" if deterministic else f"{draws} 次模拟，随机种子 {seed}"
    return "1 path, volatility 0 (deterministic)" if deterministic else f"{draws} draws, seed {seed}"


def as_of(dataset, lang: str) -> str:
    if dataset.as_of is None:
        return "全部数据" if lang == "zh" else "all data"
    return f"{dataset.as_of}年" if lang == "zh" else str(dataset.as_of)


def run_header(p, dataset, lang: str) -> str:
    """The first line of ``tiersim run``."""
    from sim.present import terminal as text

    s = p.scenario
    how = mode(p.deterministic, p.draws, p.seed, lang)
    if lang == "zh":
        return (f"tiersim {version()}：情景 {s.name}（{s.sha256()[:12]}），基年 {s.base_year}，预测至 {s.horizon}，"
                f"数据截至 {as_of(dataset, lang)}；{how}\n门槛：{text.national_set(p, lang)}")
    return (f"tiersim {version()}: scenario {s.name} ({s.sha256()[:12]}), base year {s.base_year}, horizon {s.horizon}, "
            f"as of {as_of(dataset, lang)}; {how}\nthresholds: {text.national_set(p, lang)}")


def wrote(out, names: list[str], lang: str) -> str:
    return f"{'已写入' if lang == 'zh' else 'wrote'} {out}: {' '.join(names)}"


def cut_notice(p, lang: str) -> str:
    """The line saying which scenario entries the as-of cut removed (known outcomes after the as-of year)."""
    keys = ", ".join(p.cut)
    if lang == "zh":
        return f"截至{p.dataset.as_of}年：已从情景中删去此后年份的已知结果：{keys}"
    return f"as of {p.dataset.as_of}: removed from the scenario (known outcomes after {p.dataset.as_of}): {keys}"


def fit_notice(lang: str, quiet: bool):
    """A callback that says, on stderr, that the model is being fitted to data it has not seen before."""
    def notice(key: str) -> None:
        if not quiet:
            click.echo("首次使用这组数据：正在拟合模型（约半分钟，结果会缓存）……" if lang == "zh" else
                       "first run on this data: fitting the model (about half a minute; the fit is cached) ...", err=True)
    return notice
