namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// A bilingual map of the everyday vocabulary of small firms (office, accounting, HR, sales, logistics, workshop,
/// IT), so "Rechnung" meets "invoice", "Lieferschein" meets "delivery note" and "Schichtplan" meets "roster". It
/// only bridges the two languages and close synonyms; it names things, not topics of one backlog, and the
/// grouping works without it (<see cref="Empty"/>) on stems, compound parts and character n-grams alone.
/// A word of several words ("delivery note") is a phrase: it counts when its stems follow each other.
/// </summary>
public sealed class ConceptMap
{
    private readonly Dictionary<string, string> conceptByStem;

    public ConceptMap(IEnumerable<(string Concept, string[] Words)> concepts)
    {
        conceptByStem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (concept, words) in concepts)
        {
            foreach (var word in words)
            {
                var stems = FrictionText.Stems(word);
                if (word.Contains(' ', StringComparison.Ordinal) && stems.Count > 1)
                {
                    conceptByStem.TryAdd(string.Join(' ', stems), concept);
                    HasPhrases = true;
                    continue;
                }

                foreach (var stem in stems)
                {
                    conceptByStem.TryAdd(stem, concept);
                }
            }
        }
    }

    public static ConceptMap Empty { get; } = new([]);

    public static ConceptMap Default { get; } = new(
    [
        // accounting
        ("invoice", ["Rechnung", "Faktura", "Rechnungsstellung", "invoice", "invoicing", "bill", "billing"]),
        ("payment", ["Zahlung", "Zahlungseingang", "Überweisung", "bezahlen", "payment", "paid", "wire transfer"]),
        ("dunning", ["Mahnung", "mahnen", "Mahnlauf", "Zahlungserinnerung", "überfällig", "dunning", "overdue", "payment reminder"]),
        ("bank", ["Bank", "Kontoauszug", "Bankabgleich", "Kontoabgleich", "bank", "bank statement", "bank transaction"]),
        ("bookkeeping", ["Buchhaltung", "Buchung", "buchen", "verbuchen", "Kontierung", "bookkeeping", "accounting", "ledger"]),
        ("tax", ["Steuer", "Steuerberater", "Steuerbüro", "Finanzamt", "Umsatzsteuer", "tax", "accountant", "tax advisor", "VAT"]),
        ("payroll", ["Lohn", "Gehalt", "Lohnabrechnung", "Gehaltsabrechnung", "Lohnbuchhaltung", "payroll", "salary", "wage", "payslip"]),
        ("expenses", ["Reisekosten", "Spesen", "Beleg", "Quittung", "expense", "receipt", "reimbursement"]),
        ("budget", ["Budget", "Kostenstelle", "budget", "cost center"]),

        // sales and customers
        ("customer", ["Kunde", "Kundschaft", "customer", "client"]),
        ("contact", ["Kontakt", "Kontaktdaten", "Ansprechpartner", "Stammdaten", "Visitenkarte", "CRM", "contact", "business card", "master data"]),
        ("address", ["Adresse", "Anschrift", "address"]),
        ("quote", ["Angebot", "Kostenvoranschlag", "Kalkulation", "quote", "quotation", "offer", "estimate"]),
        ("price", ["Preis", "Preisliste", "Rabatt", "price", "pricing", "price list", "discount"]),
        ("order", ["Bestellung", "bestellen", "Auftrag", "Einkauf", "order", "purchase", "purchasing", "procurement", "purchase order"]),
        ("complaint", ["Reklamation", "Beschwerde", "Kundenbeschwerde", "Mängelrüge", "complaint", "complain"]),
        ("return", ["Retoure", "Rücksendung", "return", "returns"]),
        ("contract", ["Vertrag", "Verträge", "contract", "agreement"]),
        ("product", ["Artikel", "Produkt", "Artikelnummer", "article", "product", "item"]),
        ("shop", ["Webshop", "Onlineshop", "Shop", "web shop", "online shop", "e-commerce"]),
        ("website", ["Website", "Webseite", "Homepage", "Internetseite", "Kontaktformular", "website", "web page", "contact form", "web form"]),
        ("inquiry", ["Anfrage", "Kundenanfrage", "anfragen", "Hotline", "inquiry", "enquiry", "request for information"]),
        ("marketing", ["Marketing", "Newsletter", "Werbung", "Flyer", "Social Media", "Instagram", "marketing", "advertising", "social media"]),
        ("cash", ["Kasse", "Kassenbuch", "Bargeld", "Kassenabschluss", "cash", "till", "cash book", "cash register"]),

        // logistics and workshop
        ("delivery", ["Lieferung", "liefern", "Anlieferung", "Wareneingang", "delivery", "deliver", "goods receipt", "incoming goods"]),
        ("deliverynote", ["Lieferschein", "delivery note", "packing slip"]),
        ("supplier", ["Lieferant", "Zulieferer", "Kreditor", "supplier", "vendor"]),
        ("shipping", ["Versand", "versenden", "Paket", "Sendung", "Etikett", "Paketaufkleber", "Spedition", "Sendungsnummer", "shipping", "ship", "parcel", "package", "label", "shipment", "courier", "tracking number"]),
        ("stock", ["Lager", "Lagerbestand", "Bestand", "Inventur", "Inventar", "Regal", "stock", "inventory", "warehouse", "shelf", "stock level", "stocktaking"]),
        ("maintenance", ["Wartung", "Instandhaltung", "Inspektion", "Prüffrist", "Wartungsintervall", "UVV", "maintenance", "inspection", "servicing"]),
        ("machine", ["Maschine", "Anlage", "Stapler", "Gabelstapler", "Gerät", "machine", "equipment", "forklift", "device"]),
        ("repair", ["Reparatur", "reparieren", "Defekt", "kaputt", "repair", "broken", "defect"]),
        ("joborder", ["Arbeitsauftrag", "Auftragszettel", "Arbeitskarte", "Laufzettel", "Servicebericht", "Einsatzbericht", "job sheet", "work order", "job card", "job ticket", "service report"]),
        ("technician", ["Monteur", "Techniker", "Servicetechniker", "Mechaniker", "technician", "fitter", "mechanic"]),
        ("workshop", ["Werkstatt", "Halle", "workshop", "shop floor"]),
        ("production", ["Produktion", "Fertigung", "production", "manufacturing"]),
        ("material", ["Material", "Ersatzteil", "Bauteil", "material", "spare part", "component"]),
        ("quality", ["Qualität", "Qualitätssicherung", "Prüfprotokoll", "quality", "quality check"]),
        ("site", ["Baustelle", "Bauleiter", "Aufmaß", "Bauvorhaben", "Bautagebuch", "site", "building site", "construction site", "site manager"]),
        ("apprentice", ["Azubi", "Auszubildende", "Ausbildung", "Lehrling", "Berichtsheft", "apprentice", "apprenticeship", "trainee"]),
        ("tools", ["Werkzeug", "Messgerät", "Werkzeugausgabe", "tool crib", "tools", "measuring device"]),
        ("fleet", ["Firmenwagen", "Dienstwagen", "Fahrzeug", "Fuhrpark", "Fahrtenbuch", "company car", "vehicle", "fleet", "logbook", "mileage"]),

        // people and HR
        ("vacation", ["Urlaub", "Abwesenheit", "vacation", "holiday", "leave", "absence"]),
        ("sick", ["krank", "Krankmeldung", "Krankschreibung", "AU", "Krankenkasse", "sick", "illness", "sick note", "sick leave"]),
        ("onboarding", ["Onboarding", "Einarbeitung", "Neueinstellung", "Neuzugang", "onboarding", "new hire", "newcomer"]),
        ("recruiting", ["Bewerbung", "Bewerber", "Stellenanzeige", "Vorstellungsgespräch", "applicant", "application", "candidate", "job ad", "recruiting", "interview"]),
        ("training", ["Schulung", "Weiterbildung", "Unterweisung", "training", "course"]),
        ("timesheet", ["Stundenzettel", "Zeiterfassung", "Arbeitszeit", "Arbeitsstunden", "Zeitnachweis", "Überstunden", "timesheet", "overtime"]),
        ("shift", ["Schicht", "Schichtplan", "Dienstplan", "Schichttausch", "Einsatzplan", "shift", "roster", "rota", "shift schedule"]),
        ("travel", ["Dienstreise", "Reise", "Hotel", "Bahn", "Flug", "travel", "trip", "business trip", "hotel", "flight", "train"]),
        ("canteen", ["Kantine", "Mittagessen", "Essen", "canteen", "lunch", "food"]),

        // office
        ("meeting", ["Meeting", "Besprechung", "Sitzung", "Jour fixe", "Teamrunde"]),
        ("minutes", ["Protokoll", "Mitschrift", "minutes", "meeting notes"]),
        ("appointment", ["Termin", "Terminfindung", "Kalender", "appointment", "schedule", "scheduling", "calendar"]),
        ("inbox", ["Posteingang", "Postfach", "Sammelpostfach", "inbox", "mailbox", "shared inbox"]),
        ("callback", ["Rückruf", "zurückrufen", "Rückrufbitte", "Telefonnotiz", "callback", "phone note"]),
        ("file", ["Datei", "Dokument", "Laufwerk", "Netzlaufwerk", "Ablage", "ablegen", "Ordner", "SharePoint", "file", "document", "drive", "shared drive", "folder", "filing"]),
        ("version", ["Version", "Versionsstand", "version", "latest version"]),
        ("report", ["Bericht", "Auswertung", "Statistik", "Kennzahl", "report", "reporting", "KPI", "dashboard", "statistics"]),
        ("form", ["Formular", "Vordruck", "form"]),
        ("room", ["Raum", "Besprechungsraum", "Konferenzraum", "Raumbuchung", "meeting room", "conference room", "room"]),
        ("facility", ["Schlüssel", "Parkplatz", "Heizung", "Klimaanlage", "Hausmeister", "parking", "heating", "air conditioning", "facility"]),
        ("fax", ["Fax", "Faxgerät", "fax"]),
        ("handover", ["Übergabe", "übergeben", "Schichtübergabe", "handover", "hand over", "handoff"]),
        ("signature", ["Unterschrift", "unterschreiben", "signature", "sign"]),
        ("approval", ["Genehmigung", "Freigabe", "genehmigen", "approval", "approve", "Antrag", "beantragen", "request"]),
        ("archive", ["Archiv", "archivieren", "Aufbewahrung", "Löschfrist", "Datenschutz", "DSGVO", "archive", "retention", "GDPR", "privacy"]),
        ("translation", ["Übersetzung", "übersetzen", "translation", "translate"]),

        // IT
        ("password", ["Passwort", "Kennwort", "password", "login", "Zugangsdaten", "credentials"]),
        ("access", ["Zugang", "Zugriff", "Berechtigung", "Benutzerkonto", "Account", "access", "permission", "account", "user account"]),
        ("printer", ["Drucker", "Druckauftrag", "Ausdruck", "printer", "print", "printing", "Papierstau", "Toner", "paper jam"]),
        ("computer", ["Laptop", "Rechner", "Computer", "Notebook", "Bildschirm", "Monitor", "laptop", "computer", "screen"]),
        ("network", ["VPN", "Netzwerk", "WLAN", "Internet", "network", "wifi", "internet", "connection"]),
        ("itsupport", ["IT", "Helpdesk", "Ticket", "Support", "IT-Dienstleister", "helpdesk", "ticket", "support"]),

        // how things are done: method words, weighed low (see FrictionText.IsMethodWord)
        ("typing", ["tippen", "abtippen", "eintippen", "abschreiben", "type", "typing", "keying", "retype"]),
        ("manual", ["manuell", "händisch", "Hand", "handschriftlich", "manual", "manually", "handwritten"]),
        ("copy", ["kopieren", "zusammenkopieren", "übertragen", "copy", "copying", "paste"]),
        ("email", ["Mail", "E-Mail", "Email", "Outlook"]),
        ("spreadsheet", ["Excel", "Tabelle", "Liste", "spreadsheet", "sheet", "list"]),
        ("paper", ["Papier", "Zettel", "paper"]),
        ("phone", ["Telefon", "telefonieren", "anrufen", "Anruf", "phone", "call"]),
        ("photo", ["Foto", "fotografieren", "Bild", "photo", "picture"]),
    ]);

    /// <summary>Whether some entry is a phrase of several words, so callers look at word pairs.</summary>
    public bool HasPhrases { get; }

    /// <summary>The concept of one stem, or of a phrase of stems joined by a space.</summary>
    public string? ConceptOf(string stem) => conceptByStem.GetValueOrDefault(stem);

    public bool Contains(string stem) => conceptByStem.ContainsKey(stem);

    /// <summary>The single-word stems the map names (not its phrases).</summary>
    public IEnumerable<string> SingleStems => conceptByStem.Keys.Where(k => !k.Contains(' ', StringComparison.Ordinal));
}
