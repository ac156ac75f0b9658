"""prefect.yaml: loads as Prefect reads it, points at the flow, and runs it the way `flows serve` does."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from cronsim import CronSim
from prefect.client.schemas.schedules import CronSchedule
from prefect.flows import load_flow_from_entrypoint
from prefect.utilities.callables import parameter_schema

from flows.__main__ import DEFAULT_CRON, _parameters, _parser
from flows.pipeline import news_datasets

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def deployment() -> dict:
    from prefect.cli.deploy._models import PrefectYamlModel  # what `prefect deploy` validates the file with

    raw = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    PrefectYamlModel.model_validate(raw)
    (only,) = raw["deployments"]
    return only


def test_the_entrypoint_is_the_flow(deployment):
    path, function = deployment["entrypoint"].split(":")
    flow = load_flow_from_entrypoint(f"{ROOT / path}:{function}")
    assert deployment["name"] == "daily"
    assert flow.name == news_datasets.name == "news-datasets"


def test_the_parameters_are_the_flows(deployment):
    schema = parameter_schema(news_datasets.fn).model_dump()
    parameters = deployment["parameters"]
    assert set(parameters) <= set(schema["properties"])
    jsonschema.validate(parameters, schema)
    news_datasets.validate_parameters(parameters)


def test_it_runs_what_serve_runs(deployment):
    """Unset parameters fall back to the flow's defaults: together they equal `flows serve`'s defaults."""
    defaults = {name: spec.get("default") for name, spec in parameter_schema(news_datasets.fn).model_dump()["properties"].items()}
    effective = {**defaults, **deployment["parameters"]}
    served = _parameters(_parser().parse_args(["serve"]))
    assert {name: effective[name] for name in served} == served


def test_the_schedule_is_daily_at_six_utc(deployment):
    (schedule,) = deployment["schedules"]
    assert schedule["cron"] == DEFAULT_CRON
    CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])
    fires = CronSim(schedule["cron"], datetime(2026, 1, 1))
    assert [next(fires), next(fires)] == [datetime(2026, 1, 1, 6), datetime(2026, 1, 2, 6)]


def test_the_worker_runs_the_checkout(deployment):
    """The pull step's folder is the build step's output, so relative folders resolve inside the repo."""
    raw = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    (build,) = raw["build"]
    (pull,) = raw["pull"]
    step_id = build["prefect.deployments.steps.run_shell_script"]["id"]
    assert pull["prefect.deployments.steps.set_working_directory"]["directory"] == f"{{{{ {step_id}.stdout }}}}"
