"""Every word the bot says, in French, in Telegram's HTML: one module per feature (`comptes`,
`interne`, `voeux`, `classement`, `gestion`, `outils`, `appel`, `distance`, `alertes`,
`erreurs`), and `commun` for what they all say alike (a refusal, a stale button, « ◀ Retour »).

A handler imports its feature's texts (`from bot.telegram.textes import voeux as textes`) and
`commun`; the labels of its buttons are there too, never written in the handler."""
