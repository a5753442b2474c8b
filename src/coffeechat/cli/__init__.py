"""The Click face of coffeechat. Modules here import only Click at load time; Django comes inside commands."""
