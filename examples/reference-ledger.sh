#!/usr/bin/env bash
# Rebuilds ledger/, the example ledger of the reference case (Kazakhstan joining the Abraham Accords), from
# scratch with the claimledger binary. Only real, publicly retrievable sources are recorded; the quotes are
# short paraphrases (marked as such), because the pages' exact words are not reproduced here. Facts without a
# real source stay unsourced, which is what `check` must then report.
#
#   bash examples/reference-ledger.sh [path/to/claimledger]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/claimledger}
export CLAIMLEDGER_NOW=2026-02-15T09:00:00Z CLAIMLEDGER_BY=standards-desk
rm -rf ledger && "$bin" init ledger >/dev/null
cl() { "$bin" --ledger ledger "$@"; }

aa=$(cl source add 'https://www.aa.com.tr/en/americas/trump-says-kazakhstan-has-agreed-to-join-abraham-accords/3737253' \
  --outlet 'Anadolu Agency' --published 2025-11-06)
tca=$(cl source add 'https://timesca.com/tokayev-to-join-trump-at-davos-for-board-of-peace-ceremony' \
  --outlet 'The Times of Central Asia' --published 2026-01-21)
qaz=$(cl source add 'https://qazinform.com/news/kazakhstan-joins-board-of-peace-without-1-bln-us-dollars-contribution-a02059' \
  --outlet 'Qazinform' --published 2026-01-23)
fer=$(cl source add 'https://en.fergana.media/news/144941/?country=kz' --outlet 'Fergana' --published 2026-01-22)
cas=$(cl source add 'https://caspianpost.com/kazakhstan/kazakhstan-joins-board-of-peace-without-mandatory-fee' \
  --outlet 'The Caspian Post' --published 2026-01-23)

c1=$(cl claim add 'The Abraham Accords were signed at the White House in September 2020.')
c2=$(cl claim add 'Before Kazakhstan, four countries had joined the Abraham Accords: the United Arab Emirates, Bahrain, Morocco and Sudan.')
c3=$(cl claim add 'Kazakhstan is a Muslim-majority country of about twenty million people.')
c4=$(cl claim add 'Donald Trump announced in November 2025, at the C5+1 summit in Washington, that Kazakhstan would join the Abraham Accords.')
c5=$(cl claim add 'President Kassym-Jomart Tokayev signed the Board of Peace charter in person in Davos on January 22, 2026.')
c6=$(cl claim add 'Kazakhstan is one of nineteen founding nations of the Board of Peace.')
c7=$(cl claim add 'Kazakhstan has had diplomatic relations with Israel since 1992.')
c8=$(cl claim add 'Kazakhstan is the largest landlocked country in the world.')
c9=$(cl claim add "Kazakhstan's accession is the first expansion of the Abraham Accords into Central Asia.")
c10=$(cl claim add 'The Middle East Institute described the Abraham Accords as the most significant Arab-Israeli normalization since Camp David.')
c11=$(cl claim add 'A U.S. naval blockade of the Strait of Hormuz is in force.')
c12=$(cl claim add "Indonesia is the world's largest Muslim-majority country.")
c13=$(cl claim add 'Kazakhstan joined the Board of Peace without paying the voluntary $1 billion contribution.')
c14=$(cl claim add "Tokayev travelled to Davos for the Board of Peace signing at Donald Trump's invitation.")

at() { cl attribute "$1" "$2" --paraphrase --quote "$3" >/dev/null; }
at "$c2" "$aa" 'Bahrain, Morocco, Sudan and the UAE are named as the four countries that joined the accords before Kazakhstan.'
at "$c4" "$aa" 'Trump said during the Central Asian leaders summit in Washington that Kazakhstan had agreed to join the Abraham Accords.'
at "$c7" "$aa" 'Kazakhstan recognised Israel in 1992 and the two countries have kept diplomatic relations since.'
at "$c14" "$tca" 'Tokayev would go to Davos, at Trump'"'"'s invitation, to attend the Board of Peace signing ceremony.'
at "$c5" "$qaz" 'Tokayev signed the Board of Peace charter in Davos on January 22.'
at "$c6" "$qaz" 'Nineteen countries, Kazakhstan among them, have signed the Board of Peace charter.'
at "$c13" "$qaz" 'Kazakhstan joined the Board of Peace without making the one billion dollar contribution.'
at "$c6" "$fer" 'Representatives of nineteen countries signed the charter at Davos; Kazakhstan was one of them.'
at "$c13" "$cas" 'Kazakhstan became a member of the Board of Peace without paying the voluntary one billion dollar fee.'

: "$c1 $c3 $c8 $c9 $c10 $c11 $c12" # unsourced: no real source for them in the reference case
cl verify
