"""Users can switch single-key shortcuts off (WCAG 2.1.4).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    # Existing users keep the shortcuts they had: the column arrives switched on.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("keyboard_shortcuts", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("keyboard_shortcuts")
