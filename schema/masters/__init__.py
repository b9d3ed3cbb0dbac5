"""Master data: salespeople, territories, classifications, questionnaires, interaction setup, campaigns."""
