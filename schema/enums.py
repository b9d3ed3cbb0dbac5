"""The domain enums, exposed to GraphQL under their own names."""

from __future__ import annotations

import strawberry

from models import enums

ContactType = strawberry.enum(enums.ContactType)
CorrespondenceType = strawberry.enum(enums.CorrespondenceType)
InformationFlow = strawberry.enum(enums.InformationFlow)
InitiatedBy = strawberry.enum(enums.InitiatedBy)
Evaluation = strawberry.enum(enums.Evaluation)
SegmentAction = strawberry.enum(enums.SegmentAction)
CriteriaSource = strawberry.enum(enums.CriteriaSource)
SegmentKind = strawberry.enum(enums.SegmentKind)
JobStatus = strawberry.enum(enums.JobStatus)
ErrorCode = strawberry.enum(enums.ErrorCode)
