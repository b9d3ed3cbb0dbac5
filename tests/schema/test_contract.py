"""The schema carries every name of the API contract (tests/schema/contract.graphql, a copy of the design's
contract) with the same types: clients and acceptance tests are written against those names."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    EnumTypeDefinitionNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    parse,
    print_ast,
)

CONTRACT = Path(__file__).with_name("contract.graphql")

# Names of the contract that belong to capabilities still being built (each an open issue).
PENDING: set[str] = set()
# Fields whose contract type changed and that still have the old type (each an open issue).
PENDING_TYPES: set[str] = set()


def _contract_names(schema) -> tuple[list[str], list[str]]:
    """(missing, mismatched) contract entries."""
    gql = schema._schema
    missing: list[str] = []
    mismatched: list[str] = []
    for node in parse(CONTRACT.read_text()).definitions:
        name = getattr(getattr(node, "name", None), "value", None)
        if name is None:
            continue
        ours = gql.type_map.get(name)
        if ours is None:
            missing.append(name)
            continue
        if isinstance(node, ScalarTypeDefinitionNode):
            continue
        if isinstance(node, EnumTypeDefinitionNode):
            assert isinstance(ours, GraphQLEnumType), name
            missing += [f"{name}.{v.name.value}" for v in node.values or [] if v.name.value not in ours.values]
            continue
        if isinstance(node, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode | InputObjectTypeDefinitionNode):
            assert isinstance(ours, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType), name
            for f in node.fields or []:
                key = f"{name}.{f.name.value}"
                field = ours.fields.get(f.name.value)
                if field is None:
                    missing.append(key)
                    continue
                if print_ast(f.type) != str(field.type):
                    mismatched.append(f"{key}: contract {print_ast(f.type)}, schema {field.type}")
                for arg in getattr(f, "arguments", None) or []:
                    ours_arg = field.args.get(arg.name.value)
                    if ours_arg is None:
                        missing.append(f"{key}({arg.name.value})")
                    elif print_ast(arg.type) != str(ours_arg.type):
                        mismatched.append(f"{key}({arg.name.value}): contract {print_ast(arg.type)}, "
                                          f"schema {ours_arg.type}")
            if isinstance(node, ObjectTypeDefinitionNode):
                for iface in node.interfaces or []:
                    if iface.name.value not in {i.name for i in ours.interfaces}:  # type: ignore[union-attr]
                        mismatched.append(f"{name} does not implement {iface.name.value}")
    return missing, mismatched


def test_every_contract_name_exists_with_its_type(schema):
    missing, mismatched = _contract_names(schema)
    unexpected = [m for m in missing if m not in PENDING and m.split(".")[0] not in PENDING]
    assert unexpected == [], f"contract names missing from the schema: {unexpected}"
    unexpected_types = [m for m in mismatched if m.split(":")[0] not in PENDING_TYPES]
    assert unexpected_types == [], "types differ from the contract:\n" + "\n".join(unexpected_types)


def test_pending_list_is_current(schema):
    missing, mismatched = _contract_names(schema)
    done = sorted(p for p in PENDING if p not in missing and not any(m.startswith(p + ".") for m in missing))
    assert done == [], f"implemented now, remove from PENDING: {done}"
    still_differing = {m.split(":")[0] for m in mismatched}
    retyped = sorted(p for p in PENDING_TYPES if p not in still_differing)
    assert retyped == [], f"typed as the contract says now, remove from PENDING_TYPES: {retyped}"
