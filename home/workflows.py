"""The site's one moderation workflow: "Freigabe durch die Netzwerk-Redaktion", approved by the
network editors. By default it is attached nowhere, so coordinators publish in their region
directly; MODERATED_REGIONS (settings) names the regions whose coordinators submit instead.

Wagtail lets anyone with publish permission publish past a workflow, so moderating a region
means two things together: the workflow on the region page, and no publish permission for its
coordinator group. Wagtail's own default workflow ("Moderators approval", English, approved by
an empty Moderators group and attached to the whole tree) is retired by setup_site."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from .permissions import NETWORK_EDITORS_GROUP

WORKFLOW_NAME = "Freigabe durch die Netzwerk-Redaktion"
# Created by Wagtail's migration wagtailcore 0048 (workflow and task share the name).
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def is_moderated(region: Page) -> bool:
    wanted = settings.MODERATED_REGIONS
    return "*" in wanted or region.slug in wanted


@transaction.atomic
def ensure_editorial_workflow() -> Workflow:
    """The workflow with its one approval task, the network editors as approvers."""
    editors, _ = Group.objects.get_or_create(name=NETWORK_EDITORS_GROUP)
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(editors)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def attach(workflow: Workflow, page: Page) -> None:
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def detach(workflow: Workflow, page: Page) -> None:
    """Only this workflow: one an administrator attached in the admin stays."""
    WorkflowPage.objects.filter(page=page, workflow=workflow).delete()


@transaction.atomic
def retire_wagtail_default_workflow() -> None:
    """Delete Wagtail's default workflow and task while nothing ever went through them;
    otherwise (their history is kept) deactivate them, which also detaches them."""
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        tasks = list(workflow.tasks.all())
        if workflow.workflow_states.exists():
            workflow.deactivate()
            continue
        workflow.delete()
        for task in tasks:
            if not task.workflow_tasks.exists() and not task.task_states.exists():
                task.delete()


def attached_count() -> int:
    return WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).count()
