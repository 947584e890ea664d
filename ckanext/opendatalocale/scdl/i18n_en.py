"""English catalogue of the SCDL modules' French source strings.

Used by ``i18n.english_translator`` where CKAN's gettext is not available
(tests, command line) and as the seed of the English .po file. A test checks
that every ``_()``/``N_()`` string of ``scdl/`` is here with the same
placeholders.
"""

ENGLISH = {
    # csv_source
    "virgule": "comma",
    "point-virgule": "semicolon",
    "tabulation": "tab",
    "barre verticale": "vertical bar",
    "un classeur Excel (.xlsx), LibreOffice (.ods) ou une archive zip":
        "an Excel (.xlsx) or LibreOffice (.ods) workbook, or a zip archive",
    "un classeur Excel ancien format (.xls)": "an old-format Excel workbook (.xls)",
    "un document PDF": "a PDF document",
    "une archive compressée (gzip)": "a compressed archive (gzip)",
    "une image": "an image",
    "une archive compressée": "a compressed archive",
    "une base de données SQLite": "an SQLite database",
    "Le fichier est vide. Exportez de nouveau le tableau au format CSV, avec sa ligne d'en-tête et ses données.":
        "The file is empty. Export the table again as CSV, with its header row and its data.",
    "Le fichier ne contient que la ligne d'en-tête, sans aucune ligne de données. Ajoutez les données sous l'en-tête.":
        "The file only has its header row and no data row. Add the data below the header.",
    "Ce fichier n'est pas un fichier texte (il contient des caractères binaires). Enregistrez le tableau au format CSV (UTF-8).":
        "This file is not a text file (it contains binary characters). Save the table as CSV (UTF-8).",
    "Le fichier ne peut pas être lu ({code}).": "The file cannot be read ({code}).",
    "Le fichier « {path} » est introuvable.": "The file “{path}” cannot be found.",
    "Le fichier ne peut pas être décodé avec l'encodage {encoding} (octet {position}). Enregistrez-le en CSV UTF-8.":
        "The file cannot be decoded as {encoding} (byte {position}). Save it as CSV UTF-8.",
    "Le fichier ne peut pas être décodé avec l'encodage {encoding} après la ligne {last} (l'erreur se trouve dans les lignes suivantes). Enregistrez-le en CSV UTF-8.":
        "The file cannot be decoded as {encoding} after row {last} (the error is in the rows that follow). Save it as CSV UTF-8.",
    "Ligne {row} : le CSV est mal formé ({detail}). Vérifiez les guillemets de cette ligne.":
        "Row {row}: malformed CSV ({detail}). Check the quotes on this row.",
    "Ce fichier n'est pas un CSV : il ressemble à {what}. Ouvrez-le dans votre tableur puis « Enregistrer sous » au format CSV (UTF-8).":
        "This file is not a CSV: it looks like {what}. Open it in your spreadsheet and use “Save as” CSV (UTF-8).",
    # identifiers
    "ce n'est pas un code commune INSEE : 2 chiffres de département (ou 2A, 2B, 97x) suivis du numéro de la commune":
        "this is not an INSEE commune code: 2 digits for the département (or 2A, 2B, 97x) followed by the commune number",
    "la valeur est vide": "the value is empty",
    "la Corse s'écrit 2A ou 2B dans les codes commune, pas 20":
        "Corsica is written 2A or 2B in commune codes, not 20",
    "après 2A ou 2B viennent 3 chiffres": "2A or 2B is followed by 3 digits",
    "la clé de contrôle du SIREN est fausse (faute de frappe ?)": "the SIREN check digit is wrong (a typo?)",
    "un SIREN ne contient que des chiffres": "a SIREN only contains digits",
    "la clé de contrôle du SIRET est fausse (faute de frappe ?)": "the SIRET check digit is wrong (a typo?)",
    "un SIRET ne contient que des chiffres": "a SIRET only contains digits",
    "cette valeur a 9 chiffres : c'est un SIREN ; un SIRET compte 14 chiffres (SIREN + NIC de l'établissement)":
        "this value has 9 digits: it is a SIREN; a SIRET has 14 digits (SIREN + the establishment's NIC)",
    "le numéro de commune ne peut pas être nul": "the commune number cannot be zero",
    "écrivez 2A ou 2B en majuscules": "write 2A or 2B in capitals",
    "un code commune INSEE compte 5 caractères ; le zéro initial a sans doute été supprimé par le tableur : écrivez 0{code}":
        "an INSEE commune code has 5 characters; the spreadsheet probably removed the leading zero: write 0{code}",
    "un code commune INSEE compte 5 caractères, cette valeur en a {count}":
        "an INSEE commune code has 5 characters, this value has {count}",
    "un SIREN compte 9 chiffres, cette valeur en a {count}": "a SIREN has 9 digits, this value has {count}",
    "un SIRET compte 14 chiffres, cette valeur en a {count}": "a SIRET has 14 digits, this value has {count}",
    # messages: places and kinds
    "fichier": "file",
    "ligne {row}, colonne « {column} »": "row {row}, column “{column}”",
    "ligne {row}": "row {row}",
    "colonne « {column} »": "column “{column}”",
    "{where} : {problem}": "{where}: {problem}",
    "Valeurs mal écrites": "Badly written values",
    "Valeurs non conformes": "Values breaking a rule",
    "Colonnes manquantes": "Missing columns",
    "Colonnes en trop": "Extra columns",
    "Colonnes mal nommées": "Misnamed columns",
    "Colonnes sans nom": "Columns without a name",
    "Colonnes en double": "Duplicate columns",
    "En-tête non reconnu": "Header not recognised",
    "Lignes incomplètes": "Incomplete rows",
    "Lignes trop longues": "Rows too long",
    "Lignes vides": "Blank rows",
    "Valeurs en double": "Duplicate values",
    "Identifiants en double ou vides": "Duplicate or empty identifiers",
    "Numéros SIRET invalides": "Invalid SIRET numbers",
    "Numéros SIREN invalides": "Invalid SIREN numbers",
    "Une colonne sur deux à remplir": "One of two columns to fill in",
    "Colonnes à remplir ensemble": "Columns to fill in together",
    "Comparaisons entre colonnes": "Comparisons between columns",
    "Totaux incohérents": "Inconsistent totals",
    "Périodes mal écrites": "Badly written periods",
    "Matières hors nomenclature @ctes": "Subjects outside the @ctes nomenclature",
    "Vérifications non faites": "Checks not made",
    "Fichier sans données": "File without data",
    "Schéma non applicable": "Schema not applicable",
    "Erreurs": "Errors",
    # messages: cells
    "la valeur est obligatoire ; renseignez cette cellule": "the value is required; fill in this cell",
    "« {cell} » n'est pas du type attendu ({type})": "“{cell}” is not of the expected type ({type})",
    "« {cell} » ne respecte pas la contrainte {constraint}": "“{cell}” breaks the {constraint} constraint",
    "l'identifiant de la ligne est vide ; renseignez-le": "the row's identifier is empty; fill it in",
    "la ligne est vide ; supprimez-la": "the row is blank; delete it",
    " (et {count} autres, voir la documentation du schéma)": " (and {count} more, see the schema documentation)",
    "« {cell} » contient un élément qui n'est pas du texte ; écrivez une liste JSON de textes, par exemple [\"a\",\"b\"]":
        "“{cell}” contains an item that is not text; write a JSON list of texts, for example [\"a\",\"b\"]",
    "« {cell} » n'est pas une date valide au format {format}": "“{cell}” is not a valid date in the {format} format",
    "« {cell} » n'est pas une date au format {format} ; écrivez {suggestion}":
        "“{cell}” is not a date in the {format} format; write {suggestion}",
    "« {cell} » n'est pas une date et heure au format AAAA-MM-JJTHH:MM:SS (par exemple 2020-05-11T14:08:32Z)":
        "“{cell}” is not a date and time in the YYYY-MM-DDTHH:MM:SS format (for example 2020-05-11T14:08:32Z)",
    "« {cell} » n'est pas une heure au format HH:MM:SS": "“{cell}” is not a time in the HH:MM:SS format",
    "« {cell} » n'est pas un nombre (chiffres, point comme séparateur décimal, sans espace ni unité)":
        "“{cell}” is not a number (digits, a point as decimal separator, no space nor unit)",
    "« {cell} » n'est pas un nombre ; le séparateur décimal est le point, sans espace ni unité : écrivez {suggestion}":
        "“{cell}” is not a number; the decimal separator is a point, with no space nor unit: write {suggestion}",
    "« {cell} » n'est pas un nombre entier (chiffres seulement, sans espace ni décimale)":
        "“{cell}” is not a whole number (digits only, no space nor decimals)",
    "« {cell} » n'est pas un nombre entier ; écrivez {suggestion}": "“{cell}” is not a whole number; write {suggestion}",
    "« {cell} » n'est pas une année à 4 chiffres": "“{cell}” is not a 4-digit year",
    "« {cell} » n'est pas une valeur acceptée ; écrivez {true} (oui) ou {false} (non)":
        "“{cell}” is not an accepted value; write {true} (yes) or {false} (no)",
    "« {cell} » n'est pas une adresse électronique valide (nom@domaine.fr)":
        "“{cell}” is not a valid e-mail address (name@domain.fr)",
    "« {cell} » n'est pas une adresse web complète ; commencez par https://":
        "“{cell}” is not a complete web address; start with https://",
    "« {cell} » n'est pas un identifiant UUID": "“{cell}” is not a UUID",
    "« {cell} » n'est pas une liste au format JSON ; écrivez par exemple [\"valeur 1\",\"valeur 2\"]":
        "“{cell}” is not a JSON list; write for example [\"value 1\",\"value 2\"]",
    "« {cell} » n'est pas un point « longitude, latitude » valide": "“{cell}” is not a valid “longitude, latitude” point",
    "« {cell} » n'est pas un point [longitude, latitude] ; écrivez par exemple [2.3522,48.8566]":
        "“{cell}” is not a [longitude, latitude] point; write for example [2.3522,48.8566]",
    "« {cell} » n'a pas la forme attendue (motif : {pattern})": "“{cell}” does not have the expected form (pattern: {pattern})",
    "« {cell} » n'a pas la forme attendue ; exemple de valeur correcte : {example}":
        "“{cell}” does not have the expected form; example of a correct value: {example}",
    "« {cell} » n'est pas une valeur autorisée ; valeurs possibles : {values}":
        "“{cell}” is not an allowed value; possible values: {values}",
    "« {cell} » n'est pas une valeur autorisée ; écrivez « {suggestion} »":
        "“{cell}” is not an allowed value; write “{suggestion}”",
    "« {cell} » contient une valeur non autorisée ; valeurs possibles : {values}":
        "“{cell}” contains a value that is not allowed; possible values: {values}",
    "« {cell} » contient un élément vide ; retirez-le de la liste": "“{cell}” contains an empty item; remove it from the list",
    "le texte compte {length} caractères, le maximum est {limit} ; raccourcissez-le":
        "the text has {length} characters, the maximum is {limit}; shorten it",
    "le texte compte {length} caractères, le minimum est {limit}": "the text has {length} characters, the minimum is {limit}",
    "{cell} est trop petit : la valeur minimale est {limit}": "{cell} is too small: the minimum value is {limit}",
    "{cell} est trop grand : la valeur maximale est {limit}": "{cell} is too large: the maximum value is {limit}",
    # messages: custom checks
    "« {cell} » n'est pas un numéro SIRET valide : {reason}": "“{cell}” is not a valid SIRET number: {reason}",
    "« {cell} » n'est pas un numéro SIREN valide : {reason}": "“{cell}” is not a valid SIREN number: {reason}",
    "au moins l'une des colonnes {columns} doit être renseignée": "at least one of the columns {columns} must be filled in",
    "les colonnes {columns} sont toutes deux absentes ; ajoutez au moins l'une d'elles":
        "the columns {columns} are both missing; add at least one of them",
    "les colonnes {columns} doivent être toutes remplies ou toutes vides ; ici {empty} est vide":
        "the columns {columns} must be all filled in or all empty; here {empty} is empty",
    "les colonnes {columns} vont ensemble : ajoutez aussi {missing}, ou retirez-les toutes":
        "the columns {columns} go together: also add {missing}, or remove them all",
    "la valeur de « {column1} » ({value1}) doit être {op} celle de « {column2} » ({value2})":
        "the value of “{column1}” ({value1}) must be {op} that of “{column2}” ({value2})",
    "« {value1} » ({column1}) et « {value2} » ({column2}) ne peuvent pas être comparés":
        "“{value1}” ({column1}) and “{value2}” ({column2}) cannot be compared",
    "supérieure à": "greater than",
    "supérieure ou égale à": "greater than or equal to",
    "égale à": "equal to",
    "inférieure ou égale à": "less than or equal to",
    "inférieure à": "less than",
    "« {column} » vaut {expected} mais la somme de {columns} fait {total}":
        "“{column}” is {expected} but the sum of {columns} is {total}",
    "« {cell} » n'est pas une période au format AAAA/AAAA": "“{cell}” is not a period in the YYYY/YYYY format",
    "« {cell} » n'est ni une année (AAAA) ni une période (AAAA/AAAA)": "“{cell}” is neither a year (YYYY) nor a period (YYYY/YYYY)",
    "« {cell} » : les deux années de la période doivent être différentes": "“{cell}”: the two years of the period must differ",
    "« {cell} » : la seconde année doit suivre la première ; écrivez {suggestion}":
        "“{cell}”: the second year must come after the first; write {suggestion}",
    "« {cell} » : « {prefix} » n'est pas une matière de la nomenclature @ctes":
        "“{cell}”: “{prefix}” is not a subject of the @ctes nomenclature",
    "« {cell} » : écrivez la matière puis « / » puis la sous-matière, par exemple « Finances locales/Subventions »":
        "“{cell}”: write the subject, then “/”, then the sub-subject, for example “Finances locales/Subventions”",
    "« {cell} » : pas d'espace avant ni après la barre oblique « / »": "“{cell}”: no space before or after the slash “/”",
    # messages: rows and header
    "« {cell} » figure déjà ligne {other} ; chaque valeur de cette colonne doit être unique":
        "“{cell}” already appears on row {other}; each value of this column must be unique",
    "cette ligne a le même identifiant que la ligne {other} ; chaque ligne doit avoir un identifiant unique":
        "this row has the same identifier as row {other}; each row must have a unique identifier",
    "la ligne a moins de cellules que l'en-tête : il manque « {column} » ; vérifiez les séparateurs de cette ligne":
        "the row has fewer cells than the header: “{column}” is missing; check the separators on this row",
    "la ligne a plus de cellules que l'en-tête (cellule n° {number} : « {cell} ») ; un texte contenant le séparateur doit être entre guillemets":
        "the row has more cells than the header (cell no. {number}: “{cell}”); a text containing the separator must be quoted",
    "La colonne obligatoire « {title} » ({name}) est absente ; ajoutez-la à l'en-tête, même si certaines cellules restent vides.":
        "The required column “{title}” ({name}) is missing; add it to the header, even if some cells stay empty.",
    "La colonne « {label} » (n° {number}) n'est pas prévue par le schéma ; supprimez-la ou corrigez son nom.":
        "The column “{label}” (no. {number}) is not defined by the schema; delete it or fix its name.",
    "La colonne n° {number} s'appelle « {label} » alors que le schéma attend « {name} » à cette place.":
        "Column no. {number} is named “{label}” where the schema expects “{name}”.",
    "La colonne n° {number} n'a pas de nom dans l'en-tête ; nommez-la ou supprimez-la.":
        "Column no. {number} has no name in the header; name it or delete it.",
    "La colonne « {label} » apparaît plusieurs fois dans l'en-tête (n° {number}) ; gardez-en une seule.":
        "The column “{label}” appears more than once in the header (no. {number}); keep only one.",
    "Aucune colonne de l'en-tête ne correspond au schéma : vérifiez que le fichier utilise le bon séparateur et qu'il s'agit bien de données de ce schéma.":
        "No column of the header matches the schema: check that the file uses the right separator and holds data for this schema.",
    "Le schéma demande la vérification « {check} », que cette plateforme ne connaît pas : elle n'a pas été faite.":
        "The schema asks for the “{check}” check, which this platform does not know: it was not made.",
    "La vérification « {check} » est mal déclarée dans le schéma et n'a pas été faite.":
        "The “{check}” check is wrongly declared in the schema and was not made.",
    "Ce schéma n'est pas un schéma de tableau (Table Schema) : il ne permet pas de valider un fichier CSV.":
        "This schema is not a Table Schema: it cannot validate a CSV file.",
    # messages: warnings and summaries
    "Le fichier est encodé en {encoding} et non en UTF-8 : il a été lu correctement, mais enregistrez-le en « CSV UTF-8 » pour sa publication.":
        "The file is encoded in {encoding}, not UTF-8: it was read correctly, but save it as “CSV UTF-8” to publish it.",
    "Le fichier commence par une marque d'ordre d'octets (BOM, ajoutée par Excel) ; elle est acceptée.":
        "The file starts with a byte order mark (BOM, added by Excel); it is accepted.",
    "Le séparateur de colonnes est « {delimiter} » ({name}) ; le format recommandé utilise la virgule.":
        "The column separator is “{delimiter}” ({name}); the recommended format uses the comma.",
    "La colonne facultative « {title} » ({name}) est absente ; ajoutez-la, même vide.":
        "The optional column “{title}” ({name}) is missing; add it, even empty.",
    "La colonne « {label} » n'est pas définie par le schéma ; elle n'a pas été vérifiée.":
        "The column “{label}” is not defined by the schema; it was not checked.",
    "La colonne n° {number} n'a pas de nom ; elle n'a pas été vérifiée.": "Column no. {number} has no name; it was not checked.",
    "Les colonnes ne sont pas dans l'ordre du schéma : {order}.": "The columns are not in the schema's order: {order}.",
    "Le schéma comporte une contrainte inapplicable sur « {column} » ; elle a été ignorée.":
        "The schema has a constraint that cannot apply on “{column}”; it was ignored.",
    "Fichier conforme au schéma ({rows} lignes vérifiées).": "File valid against the schema ({rows} rows checked).",
    "{errors} erreur(s) sur {rows} lignes vérifiées.": "{errors} error(s) in {rows} rows checked.",
    "Le fichier ne contient que la ligne d'en-tête, sans aucune ligne de données : il est conforme au schéma mais ne publie rien pour l'instant. Ajoutez les données sous l'en-tête.":
        "The file only has its header row and no data row: it is valid against the schema but publishes nothing yet. Add the data below the header.",
    "Fichier conforme au schéma, mais il ne contient aucune ligne de données (en-tête seul).":
        "File valid against the schema, but it has no data row (header only).",
    "{message} (valeur de {length} caractères, abrégée ici)": "{message} (a value of {length} characters, shortened here)",
    # date format letters
    "JJ": "DD",
    "MM": "MM",
    "AA": "YY",
    "AAAA": "YYYY",
    # templates
    "texte": "text",
    "nombre décimal (point comme séparateur)": "decimal number (point as separator)",
    "nombre entier": "whole number",
    "oui / non": "yes / no",
    "date": "date",
    "date et heure": "date and time",
    "heure": "time",
    "année": "year",
    "année et mois": "year and month",
    "liste (JSON)": "list (JSON)",
    "coordonnées géographiques": "geographic coordinates",
    "objet JSON": "JSON object",
    "libre": "free",
    "adresse électronique": "e-mail address",
    "adresse web (URL)": "web address (URL)",
    "identifiant UUID": "UUID",
    "coordonnées [longitude, latitude]": "coordinates [longitude, latitude]",
    "date ({format})": "date ({format})",
    "valeur unique dans le fichier": "unique value in the file",
    "forme imposée (motif {pattern})": "required form (pattern {pattern})",
    "au moins {count} caractères": "at least {count} characters",
    "au plus {count} caractères": "at most {count} characters",
    "au minimum {value}": "at least {value}",
    "au maximum {value}": "at most {value}",
    "vrai : {true} ; faux : {false}": "true: {true}; false: {false}",
    "« {column} » doit être un numéro SIRET valide (14 chiffres, clé de contrôle juste).":
        "“{column}” must be a valid SIRET number (14 digits, right check digit).",
    "« {column} » doit être un numéro SIREN valide (9 chiffres, clé de contrôle juste).":
        "“{column}” must be a valid SIREN number (9 digits, right check digit).",
    "Sur chaque ligne, au moins l'une des colonnes {columns} doit être remplie.":
        "On each row, at least one of the columns {columns} must be filled in.",
    "Les colonnes {columns} sont toutes remplies ou toutes vides.": "The columns {columns} are all filled in or all empty.",
    "« {column} » doit être {op} « {column2} » quand les deux sont remplies.":
        "“{column}” must be {op} “{column2}” when both are filled in.",
    "« {column} » est la somme de {columns}.": "“{column}” is the sum of {columns}.",
    "« {column} » est une période AAAA/AAAA (première année avant la seconde).":
        "“{column}” is a YYYY/YYYY period (first year before the second).",
    "« {column} » est une année (AAAA) ou une période AAAA/AAAA.": "“{column}” is a year (YYYY) or a YYYY/YYYY period.",
    "« {column} » commence par une matière de la nomenclature @ctes, suivie de « / ».":
        "“{column}” starts with a subject of the @ctes nomenclature, followed by “/”.",
}
