"""Short articles we wrote for the tests: an English and an Italian press release."""

HARBOUR_EN = (
    "Harbour Robotics Fair opens in Porto Lindo\n"
    "\n"
    "Updated: Mar 14,2025 10:20 AM\n"
    "\n"
    "The Harbour Robotics Fair opened on Friday in Porto Lindo with two hundred exhibitors. "
    "The organisers said that visitors came from across the region to see the hydrogen "
    "forklifts.\n"
)

SALONE_IT = (
    "Aperto il Salone della Robotica di Valmora\n"
    "\n"
    "Il Salone della Robotica si è aperto nella città di Valmora con trecento espositori. "
    "La fiera dura quattro giorni e gli organizzatori hanno detto che i visitatori sono "
    "arrivati da tutta la regione.\n"
)
