"""``tiersim data``, ``validate`` and ``thresholds``: look at the inputs without running."""

from __future__ import annotations

import click

from sim import scenario as scenario_mod
from sim.data import seeds as seeds_mod
from sim.present import terminal as text
from sim.model import thresholds
from .common import data_options, lang_option, load_dataset, scenario_options


@click.command()
@data_options
@click.option("--base-year", type=int, default=2020, show_default=True, help="Year the seeds are for.")
@click.option("--impute", type=click.Choice(seeds_mod.methods("tiersim.imputers") or ["tier-median"]), default=None)
@lang_option
def data(data_files, as_of, base_year, impute, lang):
    """Per county: the years held, the base-year seed, its status and how it was obtained.

    \b
    Examples:
      tiersim data
      tiersim data --data yearbook.csv --base-year 2021 --lang en
    """
    dataset = load_dataset(data_files, as_of)
    seed_table = seeds_mod.resolve(dataset, base_year, impute=impute).set_index("county_id")
    obs = dataset.observations
    rows = []
    for county in dataset.registry:
        held = obs[obs["county_id"] == county.id]["year"].value_counts().sort_index()
        years = ", ".join(f"{y}" + (f"({n})" if n > 1 else "") for y, n in held.items()) or "-"
        seed = seed_table.loc[county.id]
        rows.append([text.tier_label(county.tier, lang), county.label(lang), county.id, years,
                     "" if seed["gdp_yi"] is None or seed["gdp_yi"] != seed["gdp_yi"] else f"{seed['gdp_yi']:.1f}",
                     text.status_label(seed["status"], lang), seed["how"]])
    labels = text.LABELS[lang]
    click.echo(text.table([labels["tier"], labels["county"], labels["code"], labels["years"], labels["seed"].format(year=base_year),
                           labels["status"], labels["how"]], rows, right={4}))
    click.echo("")
    click.echo(text.seed_summary(seeds_mod.counts(seed_table.reset_index()), lang))
    status = dataset.status_counts()
    click.echo(f"observations: {len(obs)} rows ({', '.join(f'{k} {v}' for k, v in status.items())}); "
               f"as of {dataset.as_of or 'all data'}; data sha256 {dataset.sha256()[:12]}; "
               f"files: sim/data{''.join(', ' + f for f in dataset.user_files)}")
    click.echo("(n) after a year: n figures held for that year (the best is used; see README).")


@click.command()
@click.argument("file")
@scenario_options
@data_options
def validate(file, sets, data_files, as_of):
    """Check a scenario file (and its extends chain and --set overrides) without running it.

    \b
    Example:
      tiersim validate scenarios/high.yaml --set horizon=2040
    """
    dataset = load_dataset(data_files, as_of)
    chosen = scenario_mod.load(file, dataset.registry, sets)
    click.echo(f"{file}: ok: scenario {chosen.name}, base year {chosen.base_year}, horizon {chosen.horizon}, "
               f"{len(chosen.events)} event(s), sha256 {chosen.sha256()[:12]}")


@click.command(name="thresholds")
@click.argument("scenario", default="baseline")
@scenario_options
@data_options
def thresholds_cmd(scenario, sets, data_files, as_of):
    """Show the fitted national tail and the Top-100 / Top-50 GDP threshold path.

    \b
    Example:
      tiersim thresholds --as-of 2022
    """
    dataset = load_dataset(data_files, as_of)
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    fit = thresholds.fit_tail(dataset.national_tail, chosen.thresholds.tail_index)
    growth = chosen.thresholds.growth
    rate = fit.trend() if growth is None else growth
    click.echo(f"Pareto tail: N(>=x) = exp(a_t) x^-alpha; alpha = {fit.alpha:.3f} "
               f"({'fitted' if fit.alpha_fitted else 'from the scenario'}), {fit.points} facts, rmse of ln N {fit.rmse:.3f}")
    click.echo(f"threshold growth after {max(fit.scale)}: {rate:.2%}/yr ({'trend of the implied thresholds' if growth is None else 'scenario'})")
    paths = thresholds.threshold_paths(fit, chosen.years, growth)
    rows = [[str(y), f"{paths['top100'][i]:.0f}", f"{paths['top50'][i]:.0f}", "fact" if y in fit.scale else ""]
            for i, y in enumerate(chosen.years)]
    click.echo(text.table(["year", "top100", "top50", "implied by"], rows, right={1, 2}))
    click.echo(thresholds.CAVEAT_EN)


COMMANDS = [data, validate, thresholds_cmd]
