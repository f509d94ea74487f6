"""Factories for background work: jobs and their parts and effects, worker heartbeats, locks, invitation e-mails."""

from __future__ import annotations

import factory

from crm.common.time import utcnow
from crm.letters.invitations import InvitationMail
from crm.tasks.models import Job, JobEffect, JobPart, TaskLock, WorkerHeartbeat
from tests.factories import Base
from tests.factories_letters import SignatoryFactory


class JobFactory(Base):
    class Meta:
        model = Job

    kind = "form_token_cleanup"
    arguments = factory.LazyFunction(dict)
    status = "queued"
    max_attempts = 3


class JobEffectFactory(Base):
    class Meta:
        model = JobEffect
        exclude = ("job",)

    job = factory.SubFactory(JobFactory)
    job_id = factory.LazyAttribute(lambda o: o.job.id)
    key = factory.Sequence(lambda n: f"effect:{n}")


class JobPartFactory(Base):
    class Meta:
        model = JobPart
        exclude = ("job",)

    job = factory.SubFactory(JobFactory)
    job_id = factory.LazyAttribute(lambda o: o.job.id)
    position = factory.Sequence(lambda n: n)
    data = b"%PDF-1.7"


class WorkerHeartbeatFactory(Base):
    class Meta:
        model = WorkerHeartbeat

    worker_id = factory.Sequence(lambda n: f"testhost:{1000 + n}")
    hostname = "testhost"
    pid = factory.Sequence(lambda n: 1000 + n)
    seen_at = factory.LazyFunction(utcnow)


class TaskLockFactory(Base):
    class Meta:
        model = TaskLock

    kind = factory.Sequence(lambda n: f"kind{n}")
    holder = "job:1"
    lease_until = factory.LazyFunction(utcnow)


class InvitationMailFactory(Base):
    class Meta:
        model = InvitationMail
        exclude = ("signatory",)

    signatory = factory.SubFactory(SignatoryFactory)
    signatory_id = factory.LazyAttribute(lambda o: o.signatory.id)
    round = 1
    recipient = "iemand@partner.test"
    status = "queued"
