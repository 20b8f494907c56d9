#!/bin/sh
# Installer amphi comme service sur une machine Debian ou Ubuntu (en root), depuis ce dépôt :
#   sudo sh deploy/installer.sh
# Puis : écrire le jeton dans /etc/amphi/amphi.env (AMPHI_TELEGRAM_TOKEN=…), adapter
# /etc/amphi/config.toml, importer les fichiers (sudo -u amphi /opt/amphi/venv/bin/amphi import
# internes … --db /var/lib/amphi/amphi.sqlite3 --config /etc/amphi/config.toml), et :
#   systemctl enable --now amphi ; journalctl -u amphi -f
# Relancé après une mise à jour du dépôt, il réinstalle amphi et garde base, jeton et config.
set -eu
cd "$(dirname "$0")/.."

id amphi >/dev/null 2>&1 || useradd --system --home /var/lib/amphi --shell /usr/sbin/nologin amphi
install -d -m 0700 -o amphi -g amphi /var/lib/amphi
install -d -m 0755 /etc/amphi /opt/amphi
[ -x /opt/amphi/venv/bin/python ] || python3 -m venv /opt/amphi/venv
/opt/amphi/venv/bin/pip install --upgrade .
# La configuration peut contenir des secrets (jeton, secret du webhook ou de la page) :
# lisible par root et le groupe amphi seulement, même quand elle existait déjà.
[ -e /etc/amphi/config.toml ] || install -m 0640 -o root -g amphi config.example.toml /etc/amphi/config.toml
chown root:amphi /etc/amphi/config.toml
chmod 0640 /etc/amphi/config.toml
if [ ! -e /etc/amphi/amphi.env ]; then
    install -m 0600 /dev/null /etc/amphi/amphi.env
    echo "AMPHI_TELEGRAM_TOKEN=" >/etc/amphi/amphi.env
fi
install -m 0644 deploy/amphi.service /etc/systemd/system/amphi.service
systemctl daemon-reload
echo "amphi installé. Jeton : /etc/amphi/amphi.env ; configuration : /etc/amphi/config.toml ;"
echo "base : /var/lib/amphi/amphi.sqlite3. Démarrer : systemctl enable --now amphi"
