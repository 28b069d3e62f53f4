<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ArchetypeHistoryChart</name>
    <message>
        <location filename="../ui/archetypehistorychart.cpp" line="74"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>ArchetypesPage</name>
    <message>
        <location filename="../ui/archetypespage.cpp" line="37"/>
        <source>Current archetype state</source>
        <translation>Aktueller Zustand der Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="44"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="44"/>
        <source>Metric 1</source>
        <translation>Metrik 1</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="44"/>
        <source>Metric 2</source>
        <translation>Metrik 2</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="44"/>
        <source>Metric 3</source>
        <translation>Metrik 3</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="45"/>
        <source>Metric 4</source>
        <translation>Metrik 4</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="45"/>
        <location filename="../ui/archetypespage.cpp" line="164"/>
        <source>Influence</source>
        <translation>Einfluss</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="45"/>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="60"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="63"/>
        <source>History of the last 90 days for</source>
        <translation>Verlauf der letzten 90 Tage für</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="111"/>
        <source>Could not load the archetype states: %1</source>
        <translation>Die Archetyp-Zustände konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="133"/>
        <source>Could not load the history of %1: %2</source>
        <translation>Der Verlauf von %1 konnte nicht geladen werden: %2</translation>
    </message>
</context>
<context>
    <name>CircuitBreaker</name>
    <message>
        <location filename="../services/circuitbreaker.cpp" line="86"/>
        <source>OpenAI: available</source>
        <translation>OpenAI: verfügbar</translation>
    </message>
    <message>
        <location filename="../services/circuitbreaker.cpp" line="88"/>
        <source>OpenAI: paused after repeated failures</source>
        <translation>OpenAI: nach wiederholten Fehlern pausiert</translation>
    </message>
    <message>
        <location filename="../services/circuitbreaker.cpp" line="90"/>
        <source>OpenAI: trying again</source>
        <translation>OpenAI: neuer Versuch</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../app/commandline.cpp" line="20"/>
        <source>Sextant: operator console for EUMAS memories and 8thDegree matching.</source>
        <translation>Sextant: Bedienkonsole für EUMAS-Erinnerungen und die Vorschläge von 8thDegree.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="25"/>
        <source>Open this SQLite workspace file.</source>
        <translation>Diese SQLite-Arbeitsbereichsdatei öffnen.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="27"/>
        <source>Recreate the demo workspace.</source>
        <translation>Den Demo-Arbeitsbereich neu erstellen.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="29"/>
        <source>Write a demo workspace with this many memories to --output and exit.</source>
        <translation>Einen Demo-Arbeitsbereich mit so vielen Erinnerungen nach --output schreiben und beenden.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="33"/>
        <source>File for --generate-demo.</source>
        <translation>Datei für --generate-demo.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="35"/>
        <source>Seed of the demo generator.</source>
        <translation>Startwert (Seed) des Demo-Generators.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="38"/>
        <source>Save a screenshot once a memory is shown, then quit.</source>
        <translation>Einen Screenshot speichern, sobald eine Erinnerung angezeigt wird, und dann beenden.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="41"/>
        <source>Open this PostgreSQL workspace instead of the demo: a postgresql:// URI or &quot;host=… user=…&quot;. Without a password in it, PGPASSWORD is used.</source>
        <translation>Diesen PostgreSQL-Arbeitsbereich statt der Demo öffnen: eine postgresql://-URI oder „host=… user=…“. Enthält die Angabe kein Passwort, wird PGPASSWORD verwendet.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="46"/>
        <source>Apply the pending migrations to the --connect workspace without asking, then exit.</source>
        <translation>Die ausstehenden Migrationen ohne Rückfrage auf den Arbeitsbereich von --connect anwenden und dann beenden.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="49"/>
        <source>Write the demo data set (6,000 memories, 2,000 freelancers, 420 jobs; --seed applies) into the --connect database, which must be empty, then exit. Add --migrate to create the schema first.</source>
        <translation>Den Demo-Datensatz (6.000 Erinnerungen, 2.000 Freelancer, 420 Aufträge; --seed wird berücksichtigt) in die Datenbank von --connect schreiben, die leer sein muss, und dann beenden. Mit zusätzlich --migrate wird zuvor das Schema angelegt.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="63"/>
        <source>--seed needs a whole number.</source>
        <translation>--seed erwartet eine ganze Zahl.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="67"/>
        <source>--generate-demo needs a positive count.</source>
        <translation>--generate-demo erwartet eine positive Anzahl.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="69"/>
        <source>--generate-demo needs --output FILE.</source>
        <translation>--generate-demo erfordert --output DATEI.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="73"/>
        <source>Use either --workspace or --connect, not both.</source>
        <translation>Verwenden Sie entweder --workspace oder --connect, nicht beides.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="83"/>
        <source>--migrate needs --connect CONNECTION.</source>
        <translation>--migrate erfordert --connect VERBINDUNG.</translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="86"/>
        <source>--publish-demo needs --connect CONNECTION.</source>
        <translation>--publish-demo erfordert --connect VERBINDUNG.</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="31"/>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="33"/>
        <source>Connect to PostgreSQL</source>
        <translation>Mit PostgreSQL verbinden</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="35"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="44"/>
        <source>No keychain is available: the password is kept for this session only.</source>
        <translation>Kein Schlüsselbund verfügbar: Das Passwort wird nur für diese Sitzung aufbewahrt.</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="76"/>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="77"/>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="79"/>
        <source>Cancel test</source>
        <translation>Test abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="127"/>
        <source>The settings changed since the last test: test again to connect.</source>
        <translation>Die Einstellungen wurden seit dem letzten Test geändert: Testen Sie erneut, um sich zu verbinden.</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="136"/>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="144"/>
        <source>The test was cancelled.</source>
        <translation>Der Test wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="162"/>
        <source>Connected, but Sextant cannot use this database as it is.</source>
        <translation>Verbindung hergestellt, aber Sextant kann diese Datenbank in ihrem jetzigen Zustand nicht verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="164"/>
        <source>Connected. Review and apply the pending migrations before connecting.</source>
        <translation>Verbindung hergestellt. Prüfen Sie die ausstehenden Migrationen und wenden Sie sie an, bevor Sie sich verbinden.</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="166"/>
        <source>Connected. Sextant can use this database.</source>
        <translation>Verbindung hergestellt. Sextant kann diese Datenbank verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="173"/>
        <source>The test failed.</source>
        <translation>Der Test ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="213"/>
        <source>Test the connection first: Sextant connects to an up-to-date schema only.</source>
        <translation>Testen Sie zuerst die Verbindung: Sextant verbindet sich nur mit einem aktuellen Schema.</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <location filename="../ui/connectionform.cpp" line="35"/>
        <source>Supabase %1</source>
        <translation>Supabase %1</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="58"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="67"/>
        <source>Needed for verify-ca and verify-full</source>
        <translation>Erforderlich für verify-ca und verify-full</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="76"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="77"/>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="78"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="79"/>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="80"/>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="81"/>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="82"/>
        <source>&amp;SSL mode:</source>
        <translation>&amp;SSL-Modus:</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="83"/>
        <source>&amp;Root certificate:</source>
        <translation>Stamm&amp;zertifikat:</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="111"/>
        <source>postgresql://user:password@host:5432/database</source>
        <translation>postgresql://benutzer:passwort@host:5432/datenbank</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="114"/>
        <source>Fill &amp;in</source>
        <translation>&amp;Ausfüllen</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="116"/>
        <source>Fill the fields below from a connection string, such as the one Supabase shows under Connect (direct connection or session pooler).</source>
        <translation>Füllt die Felder unten aus einer Verbindungszeichenfolge aus, etwa der, die Supabase unter „Connect“ anzeigt („Direct connection“ oder „Session pooler“).</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="126"/>
        <source>Paste a connection string:</source>
        <translation>Verbindungszeichenfolge einfügen:</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="206"/>
        <source>New connection</source>
        <translation>Neue Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="228"/>
        <source>Root certificate</source>
        <translation>Stammzertifikat</translation>
    </message>
    <message>
        <location filename="../ui/connectionform.cpp" line="228"/>
        <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
        <translation>Zertifikate (*.crt *.pem *.cer);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>ConnectionProfileList</name>
    <message>
        <location filename="../ui/connectionprofilelist.cpp" line="12"/>
        <source>Profiles</source>
        <translation>Profile</translation>
    </message>
    <message>
        <location filename="../ui/connectionprofilelist.cpp" line="18"/>
        <source>&amp;Add</source>
        <translation>Hinzu&amp;fügen</translation>
    </message>
    <message>
        <location filename="../ui/connectionprofilelist.cpp" line="20"/>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplizieren</translation>
    </message>
    <message>
        <location filename="../ui/connectionprofilelist.cpp" line="22"/>
        <source>De&amp;lete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location filename="../ui/connectionprofilelist.cpp" line="33"/>
        <location filename="../ui/connectionprofilelist.cpp" line="107"/>
        <location filename="../ui/connectionprofilelist.cpp" line="169"/>
        <source>New connection</source>
        <translation>Neue Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/connectionprofilelist.cpp" line="64"/>
        <source>No profile is selected.</source>
        <translation>Es ist kein Profil ausgewählt.</translation>
    </message>
    <message>
        <location filename="../ui/connectionprofilelist.cpp" line="74"/>
        <source>Another profile is already called %1: rename this one to connect.</source>
        <translation>Ein anderes Profil heißt bereits %1: Benennen Sie dieses Profil um, um sich zu verbinden.</translation>
    </message>
    <message>
        <location filename="../ui/connectionprofilelist.cpp" line="148"/>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
</context>
<context>
    <name>ConnectionReportView</name>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="18"/>
        <source>Test the connection to see the server, its schema and what this role may do.</source>
        <translation>Testen Sie die Verbindung, um den Server, sein Schema und die Rechte dieser Rolle zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="21"/>
        <source>Review migrations…</source>
        <translation>Migrationen prüfen…</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="36"/>
        <source>Latency:</source>
        <translation>Latenz:</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="37"/>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="38"/>
        <source>pgvector:</source>
        <translation>pgvector:</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="39"/>
        <source>Embeddings:</source>
        <translation>Einbettungen:</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="40"/>
        <source>Schema:</source>
        <translation>Schema:</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="41"/>
        <source>Migrations:</source>
        <translation>Migrationen:</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="42"/>
        <source>Role:</source>
        <translation>Rolle:</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="43"/>
        <source>Privileges:</source>
        <translation>Rechte:</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="46"/>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="46"/>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="97"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="102"/>
        <source>version %1 installed</source>
        <translation>Version %1 installiert</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="104"/>
        <source>available, not installed yet</source>
        <translation>verfügbar, noch nicht installiert</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="106"/>
        <source>not available on this server</source>
        <translation>auf diesem Server nicht verfügbar</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="108"/>
        <source>vector(1536) columns (pgvector)</source>
        <translation>vector(1536)-Spalten (pgvector)</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="108"/>
        <source>real[] arrays (without pgvector)</source>
        <translation>real[]-Arrays (ohne pgvector)</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="110"/>
        <source>no Sextant schema yet (this build knows version %1)</source>
        <translation>noch kein Sextant-Schema (dieser Build kennt Version %1)</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="113"/>
        <source>version %1 (this build knows version %2)</source>
        <translation>Version %1 (dieser Build kennt Version %2)</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="118"/>
        <source>known once the Sextant schema exists</source>
        <translation>bekannt, sobald das Sextant-Schema existiert</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="118"/>
        <source>could not be read</source>
        <translation>konnte nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="122"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="137"/>
        <source>not readable</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="147"/>
        <source>Sextant cannot use this schema.</source>
        <translation>Sextant kann dieses Schema nicht verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/connectionreportview.cpp" line="152"/>
        <source>The schema is up to date.</source>
        <translation>Das Schema ist aktuell.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connectionreportview.cpp" line="157"/>
        <source>%n migration step(s) pending: they create the schema at version %1.</source>
        <translation>
            <numerusform>%n Migrationsschritt ausstehend: Er legt das Schema in Version %1 an.</numerusform>
            <numerusform>%n Migrationsschritte ausstehend: Sie legen das Schema in Version %1 an.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connectionreportview.cpp" line="159"/>
        <source>%n migration step(s) pending: from version %1 to %2.</source>
        <translation>
            <numerusform>%n Migrationsschritt ausstehend: von Version %1 auf %2.</numerusform>
            <numerusform>%n Migrationsschritte ausstehend: von Version %1 auf %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatabaseWorker</name>
    <message>
        <location filename="../services/databaseworker.h" line="50"/>
        <source>No workspace is open.</source>
        <translation>Kein Arbeitsbereich ist geöffnet.</translation>
    </message>
</context>
<context>
    <name>DemoGenerator</name>
    <message>
        <location filename="../services/demogenerator.cpp" line="20"/>
        <source>Generation was cancelled.</source>
        <translation>Die Erzeugung wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/demogenerator.cpp" line="24"/>
        <source>Generating the marketplace</source>
        <translation>Marktplatz wird erzeugt</translation>
    </message>
    <message>
        <location filename="../services/demogenerator.cpp" line="52"/>
        <source>Writing memories</source>
        <translation>Erinnerungen werden geschrieben</translation>
    </message>
    <message>
        <location filename="../services/demogenerator.cpp" line="69"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>DemoPublisher</name>
    <message>
        <location filename="../services/demopublisher.cpp" line="12"/>
        <source>%1 is not empty (%2 memories, %3 jobs, %4 freelancers). Demo data is only written into an empty database, so that it never mixes with real rows; nothing was changed.</source>
        <translation>%1 ist nicht leer (%2 Erinnerungen, %3 Aufträge, %4 Freelancer). Demo-Daten werden nur in eine leere Datenbank geschrieben, damit sie sich nie mit echten Zeilen vermischen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../services/demopublisher.cpp" line="28"/>
        <source>Your database role (%1) may not write memories; publishing demo data needs sextant_admin or the schema&apos;s owner.</source>
        <translation>Ihre Datenbankrolle (%1) darf keine Erinnerungen schreiben; zum Veröffentlichen von Demo-Daten sind sextant_admin oder der Eigentümer des Schemas erforderlich.</translation>
    </message>
</context>
<context>
    <name>DemoVocabulary</name>
    <message>
        <location filename="../services/demovocabulary.cpp" line="27"/>
        <source>The demo vocabulary %1 is missing from this build.</source>
        <translation>Das Demo-Vokabular %1 fehlt in diesem Build.</translation>
    </message>
    <message>
        <location filename="../services/demovocabulary.cpp" line="99"/>
        <source>The demo vocabulary is incomplete.</source>
        <translation>Das Demo-Vokabular ist unvollständig.</translation>
    </message>
</context>
<context>
    <name>EmbeddingSet</name>
    <message>
        <location filename="../services/embeddingset.cpp" line="10"/>
        <source>The embeddings do not fit together: %1 rows of %2 dimensions need %3 values, found %4.</source>
        <translation>Die Einbettungen passen nicht zusammen: %1 Zeilen mit %2 Dimensionen brauchen %3 Werte, gefunden wurden %4.</translation>
    </message>
    <message>
        <location filename="../services/embeddingset.cpp" line="38"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/embeddingset.cpp" line="40"/>
        <source>There is nothing to compute: no rows have embeddings.</source>
        <translation>Es gibt nichts zu berechnen: Keine Zeile hat eine Einbettung.</translation>
    </message>
    <message>
        <location filename="../services/embeddingset.cpp" line="46"/>
        <source>The embedding of %1 holds a value that is not a number (NaN or infinity). Re-embed that row or exclude it.</source>
        <translation>Die Einbettung von %1 enthält einen Wert, der keine Zahl ist (NaN oder unendlich). Betten Sie diese Zeile neu ein oder schließen Sie sie aus.</translation>
    </message>
    <message>
        <location filename="../services/embeddingset.cpp" line="51"/>
        <source>The parameters do not fit the data (for example more clusters than rows).</source>
        <translation>Die Parameter passen nicht zu den Daten (zum Beispiel mehr Cluster als Zeilen).</translation>
    </message>
    <message>
        <location filename="../services/embeddingset.cpp" line="53"/>
        <source>The computation failed.</source>
        <translation>Die Berechnung ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>EvaluationChart</name>
    <message>
        <location filename="../ui/evaluationchart.cpp" line="126"/>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2)&lt;/p&gt;&lt;p&gt;Not evaluated.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2)&lt;/p&gt;&lt;p&gt;Nicht bewertet.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/evaluationchart.cpp" line="131"/>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2): %3&lt;/p&gt;&lt;p&gt;%4&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2): %3&lt;/p&gt;&lt;p&gt;%4&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/evaluationchart.cpp" line="134"/>
        <source>No justification given.</source>
        <translation>Keine Begründung angegeben.</translation>
    </message>
</context>
<context>
    <name>EvaluationNotesView</name>
    <message>
        <location filename="../ui/evaluationnotesview.cpp" line="16"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../ui/evaluationnotesview.cpp" line="16"/>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <location filename="../ui/evaluationnotesview.cpp" line="16"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/evaluationnotesview.cpp" line="16"/>
        <source>Prompt version</source>
        <translation>Prompt-Version</translation>
    </message>
    <message>
        <location filename="../ui/evaluationnotesview.cpp" line="16"/>
        <source>Annotation</source>
        <translation>Anmerkung</translation>
    </message>
</context>
<context>
    <name>LinksTree</name>
    <message>
        <location filename="../ui/linkstree.cpp" line="19"/>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <location filename="../ui/linkstree.cpp" line="19"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../ui/linkstree.cpp" line="19"/>
        <source>Strength</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <location filename="../ui/linkstree.cpp" line="19"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../ui/linkstree.cpp" line="19"/>
        <source>Other memory</source>
        <translation>Andere Erinnerung</translation>
    </message>
    <message>
        <location filename="../ui/linkstree.cpp" line="26"/>
        <source>Double-click a link to open the memory on the other end.</source>
        <translation>Doppelklicken Sie auf eine Verknüpfung, um die Erinnerung am anderen Ende zu öffnen.</translation>
    </message>
    <message>
        <location filename="../ui/linkstree.cpp" line="46"/>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <location filename="../ui/linkstree.cpp" line="46"/>
        <source>Incoming</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <location filename="../ui/linkstree.cpp" line="54"/>
        <source>Origin: %1</source>
        <translation>Herkunft: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="53"/>
        <source>Sextant</source>
        <translation>Sextant</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="82"/>
        <source>Memories</source>
        <translation>Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="83"/>
        <source>Archetypes</source>
        <translation>Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="104"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="105"/>
        <source>Connect to &amp;PostgreSQL…</source>
        <translation>Mit &amp;PostgreSQL verbinden…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="109"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="115"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>&amp;Memories</source>
        <translation>&amp;Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>&amp;Archetypes</source>
        <translation>&amp;Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="132"/>
        <source>&amp;Tasks Panel</source>
        <translation>&amp;Aufgabenbereich</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="136"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="137"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="142"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="143"/>
        <source>&amp;About Sextant…</source>
        <translation>Über &amp;Sextant…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="146"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="209"/>
        <source>Sextant — %1</source>
        <translation>Sextant — %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="247"/>
        <source>Could not count the workspace: %1</source>
        <translation>Die Einträge des Arbeitsbereichs konnten nicht gezählt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="252"/>
        <source>Signed in as %1.
%2</source>
        <translation>Angemeldet als %1.
%2</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="285"/>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="303"/>
        <source>About Sextant</source>
        <translation>Über Sextant</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="304"/>
        <source>&lt;h3&gt;Sextant %1&lt;/h3&gt;&lt;p&gt;A desktop operator console for the EUMAS memory system and the 8thDegree freelancer marketplace: browse memories with their archetype evaluations, priorities and links, and follow the archetypes&apos; state over time.&lt;/p&gt;&lt;p&gt;License: MIT&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Sextant %1&lt;/h3&gt;&lt;p&gt;Eine Desktop-Bedienkonsole für das EUMAS-Erinnerungssystem und den 8thDegree-Freelancer-Marktplatz: Durchsuchen Sie Erinnerungen mit ihren Archetyp-Bewertungen, Prioritäten und Verknüpfungen, und verfolgen Sie den Zustand der Archetypen im Zeitverlauf.&lt;/p&gt;&lt;p&gt;Lizenz: MIT&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MemoriesPage</name>
    <message>
        <location filename="../ui/memoriespage.cpp" line="33"/>
        <source>Memories — newest first</source>
        <translation>Erinnerungen — neueste zuerst</translation>
    </message>
    <message>
        <location filename="../ui/memoriespage.cpp" line="82"/>
        <source>Could not load memories: %1</source>
        <translation>Erinnerungen konnten nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memoriespage.cpp" line="192"/>
        <source>all %Ln loaded</source>
        <translation>
            <numerusform>alle %Ln geladen</numerusform>
            <numerusform>alle %Ln geladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memoriespage.cpp" line="194"/>
        <source>%Ln loaded</source>
        <translation>
            <numerusform>%Ln geladen</numerusform>
            <numerusform>%Ln geladen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemoryDetailPane</name>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="73"/>
        <source>Prompt</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="78"/>
        <source>Reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="86"/>
        <source>Archetype evaluations</source>
        <translation>Archetyp-Bewertungen</translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="87"/>
        <source>No archetype has evaluated this memory yet.</source>
        <translation>Noch kein Archetyp hat diese Erinnerung bewertet.</translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="89"/>
        <source>Hover a bar for the evaluator&apos;s justification.</source>
        <translation>Zeigen Sie mit der Maus auf einen Balken, um die Begründung des Bewerters zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="96"/>
        <source>Links</source>
        <translation>Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="97"/>
        <source>This memory has no links.</source>
        <translation>Diese Erinnerung hat keine Verknüpfungen.</translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="118"/>
        <source>Loading…</source>
        <translation>Lädt…</translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="127"/>
        <source>Could not load this memory: %1</source>
        <translation>Diese Erinnerung konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="149"/>
        <source>Select a memory to see its text, evaluations and links.</source>
        <translation>Wählen Sie eine Erinnerung, um Text, Bewertungen und Verknüpfungen zu sehen.</translation>
    </message>
</context>
<context>
    <name>MemoryExport</name>
    <message>
        <location filename="../services/memoryexport.cpp" line="122"/>
        <source>Could not create %1: %2</source>
        <translation>%1 konnte nicht erstellt werden: %2</translation>
    </message>
    <message>
        <location filename="../services/memoryexport.cpp" line="129"/>
        <source>Could not save %1: %2</source>
        <translation>%1 konnte nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>MemoryExport::Writer</name>
    <message>
        <location filename="../services/memoryexport.cpp" line="68"/>
        <source>The export was cancelled.</source>
        <translation>Der Export wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/memoryexport.cpp" line="78"/>
        <source>Could not write the export: %1</source>
        <translation>Der Export konnte nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>MemoryHeader</name>
    <message>
        <location filename="../ui/memoryheader.cpp" line="32"/>
        <source>(no summary)</source>
        <translation>(keine Zusammenfassung)</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="57"/>
        <source>Created %1</source>
        <translation>Erstellt %1</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="59"/>
        <source>Session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="61"/>
        <source>User %1</source>
        <translation>Nutzer %1</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="63"/>
        <source>Tone: %1</source>
        <translation>Ton: %1</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="67"/>
        <source>Tags: %1</source>
        <translation>Schlagwörter: %1</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="69"/>
        <source>Long-term</source>
        <translation>Langzeit</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="71"/>
        <source>Core</source>
        <translation>Kern</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="74"/>
        <source>Archived on %1</source>
        <translation>Archiviert am %1</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="78"/>
        <source>No embedding</source>
        <translation>Keine Einbettung</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="80"/>
        <source>Embedding: %1 (lexical offline embedding)</source>
        <translation>Einbettung: %1 (lexikalische Offline-Einbettung)</translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="82"/>
        <source>Embedding: %1</source>
        <translation>Einbettung: %1</translation>
    </message>
</context>
<context>
    <name>MemoryImport</name>
    <message>
        <location filename="../services/memoryimport.cpp" line="58"/>
        <source>The id repeats the memory on row %1.</source>
        <translation>Diese ID wird bereits von der Erinnerung in Zeile %1 verwendet.</translation>
    </message>
    <message>
        <location filename="../services/memoryimport.cpp" line="85"/>
        <source>Could not open %1: %2</source>
        <translation>%1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../services/memoryimport.cpp" line="88"/>
        <location filename="../services/memoryimport.cpp" line="110"/>
        <source>%1 is %L2 bytes; the import limit is %L3 bytes.</source>
        <translation>%1 ist %L2 Byte groß; für den Import sind höchstens %L3 Byte erlaubt.</translation>
    </message>
    <message>
        <location filename="../services/memoryimport.cpp" line="95"/>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../services/memoryimport.cpp" line="105"/>
        <source>Cannot tell the format of %1; use a .jsonl, .csv or .yaml file.</source>
        <translation>Das Format von %1 ist nicht erkennbar; verwenden Sie eine .jsonl-, .csv- oder .yaml-Datei.</translation>
    </message>
    <message>
        <location filename="../services/memoryimport.cpp" line="121"/>
        <source>%1 is not UTF-8 text (line %2 holds bytes that are not UTF-8). Save it as UTF-8 and try again.</source>
        <translation>%1 ist kein UTF-8-Text (Zeile %2 enthält Bytes, die kein gültiges UTF-8 sind). Speichern Sie die Datei als UTF-8 und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportapply.cpp" line="61"/>
        <source>A memory with this id already exists in the workspace; the row is skipped.</source>
        <translation>Im Arbeitsbereich gibt es bereits eine Erinnerung mit dieser ID; die Zeile wird übersprungen.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportapply.cpp" line="85"/>
        <source>The link points at a memory that is neither in the file nor in the workspace.</source>
        <translation>Die Verknüpfung verweist auf eine Erinnerung, die weder in der Datei noch im Arbeitsbereich vorhanden ist.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memoryimportapply.cpp" line="109"/>
        <source>%n row(s) of %1 have problems; nothing was imported.</source>
        <translation>
            <numerusform>%n Zeile in %1 ist fehlerhaft; es wurde nichts importiert.</numerusform>
            <numerusform>%n Zeilen in %1 sind fehlerhaft; es wurde nichts importiert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/memoryimportapply.cpp" line="132"/>
        <source>The import was cancelled; nothing was imported.</source>
        <translation>Der Import wurde abgebrochen; es wurde nichts importiert.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportcsv.cpp" line="69"/>
        <location filename="../services/memoryimportjsonl.cpp" line="26"/>
        <location filename="../services/memoryimportyaml.cpp" line="38"/>
        <source>The file has more than %L1 memories; split it.</source>
        <translation>Die Datei enthält mehr als %L1 Erinnerungen; teilen Sie sie auf.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportcsv.cpp" line="77"/>
        <source>Line %1: a quoted field is never closed; nothing after it can be read.</source>
        <translation>Zeile %1: Ein Feld in Anführungszeichen wird nie geschlossen; der Rest der Datei kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportcsv.cpp" line="102"/>
        <source>unknown columns: %1</source>
        <translation>unbekannte Spalten: %1</translation>
    </message>
    <message>
        <location filename="../services/memoryimportcsv.cpp" line="105"/>
        <source>repeated columns: %1</source>
        <translation>doppelte Spalten: %1</translation>
    </message>
    <message>
        <location filename="../services/memoryimportcsv.cpp" line="108"/>
        <source>missing columns: %1</source>
        <translation>fehlende Spalten: %1</translation>
    </message>
    <message>
        <location filename="../services/memoryimportcsv.cpp" line="113"/>
        <source>The CSV header is wrong (%1). Expected columns: %2.</source>
        <translation>Die CSV-Kopfzeile ist fehlerhaft (%1). Erwartete Spalten: %2.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportcsv.cpp" line="125"/>
        <source>The CSV file is empty; it needs a header row.</source>
        <translation>Die CSV-Datei ist leer; sie braucht eine Kopfzeile.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportcsv.cpp" line="136"/>
        <source>The row has %1 cells; the header has %2 columns.</source>
        <translation>Die Zeile hat %1 Zellen; die Kopfzeile hat %2 Spalten.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportjsonl.cpp" line="33"/>
        <source>Not valid JSON: %1 at character %2.</source>
        <translation>Kein gültiges JSON: %1 bei Zeichen %2.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportjsonl.cpp" line="39"/>
        <source>Each line must be one JSON object (a memory).</source>
        <translation>Jede Zeile muss genau ein JSON-Objekt (eine Erinnerung) sein.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportyaml.cpp" line="32"/>
        <source>The YAML file holds no memory: expected a memory, a list of memories, or a &quot;memories:&quot; list.</source>
        <translation>Die YAML-Datei enthält keine Erinnerung: Erwartet wird eine Erinnerung, eine Liste von Erinnerungen oder eine Liste „memories:“.</translation>
    </message>
    <message>
        <location filename="../services/memoryimportyaml.cpp" line="45"/>
        <source>Each memory must be a mapping of fields.</source>
        <translation>Jede Erinnerung muss eine Zuordnung von Feldern (Mapping) sein.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="26"/>
        <source>Expected text.</source>
        <translation>Erwartet wird Text.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="32"/>
        <source>The text is too long (%L1 characters; the limit is %L2).</source>
        <translation>Der Text ist zu lang (%L1 Zeichen; erlaubt sind höchstens %L2).</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="52"/>
        <source>Expected a number.</source>
        <translation>Erwartet wird eine Zahl.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="63"/>
        <source>The value must lie between 0 and 1, got %1.</source>
        <translation>Der Wert muss zwischen 0 und 1 liegen, ist aber %1.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="81"/>
        <source>Expected true or false.</source>
        <translation>Erwartet wird true oder false.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="93"/>
        <source>Expected an ISO 8601 time such as 2024-11-24T21:45:00Z.</source>
        <translation>Erwartet wird eine Zeitangabe nach ISO 8601, etwa 2024-11-24T21:45:00Z.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="115"/>
        <source>Expected a list of tags.</source>
        <translation>Erwartet wird eine Liste von Schlagwörtern.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="120"/>
        <source>Every tag must be text.</source>
        <translation>Jedes Schlagwort muss Text sein.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="139"/>
        <source>Every vector component must be a number.</source>
        <translation>Jede Vektorkomponente muss eine Zahl sein.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="152"/>
        <source>&quot;%1&quot; is not a number.</source>
        <translation>„%1“ ist keine Zahl.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="158"/>
        <source>Expected a list of numbers.</source>
        <translation>Erwartet wird eine Liste von Zahlen.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="161"/>
        <source>The embedding</source>
        <translation>Die Einbettung</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="181"/>
        <source>Expected a JSON object.</source>
        <translation>Erwartet wird ein JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="193"/>
        <source>The link target is missing.</source>
        <translation>Das Ziel der Verknüpfung fehlt.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordfields.cpp" line="205"/>
        <source>Unknown archetype &quot;%1&quot;.</source>
        <translation>Unbekannter Archetyp „%1“.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordread.cpp" line="49"/>
        <source>Unknown archetype &quot;%1&quot;; expected Ella-M … Ella-F.</source>
        <translation>Unbekannter Archetyp „%1“; erwartet wird Ella-M … Ella-F.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordread.cpp" line="62"/>
        <source>The metric is missing.</source>
        <translation>Die Metrik fehlt.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordread.cpp" line="83"/>
        <source>%1 is evaluated twice.</source>
        <translation>Für %1 gibt es zwei Bewertungen.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordread.cpp" line="104"/>
        <source>Expected a list of evaluations.</source>
        <translation>Erwartet wird eine Liste von Bewertungen.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordread.cpp" line="121"/>
        <source>The memory id is missing.</source>
        <translation>Die ID der Erinnerung fehlt.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordread.cpp" line="127"/>
        <source>The creation time is missing.</source>
        <translation>Der Erstellungszeitpunkt fehlt.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordread.cpp" line="145"/>
        <source>The decay rate must be a non-negative number.</source>
        <translation>Die Abklingrate muss eine nicht negative Zahl sein.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordread.cpp" line="155"/>
        <source>Expected an evaluation object.</source>
        <translation>Erwartet wird ein Bewertungsobjekt.</translation>
    </message>
    <message>
        <location filename="../services/memoryrecordread.cpp" line="165"/>
        <source>Expected a list of links.</source>
        <translation>Erwartet wird eine Liste von Verknüpfungen.</translation>
    </message>
</context>
<context>
    <name>MemoryTableModel</name>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="82"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="129"/>
        <source>Stored priority %1; long-term and core memories do not decay.</source>
        <translation>Gespeicherte Priorität %1; Langzeit- und Kernerinnerungen klingen nicht ab.</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="130"/>
        <source>Stored priority %1, decayed to %2 since last access%3.</source>
        <translation>Gespeicherte Priorität %1, seit dem letzten Abruf auf %2 abgeklungen%3.</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="133"/>
        <source> (manual override)</source>
        <translation> (manuell überschrieben)</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="156"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="158"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="160"/>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="162"/>
        <source>User</source>
        <translation>Nutzer</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="164"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="166"/>
        <source>Tone</source>
        <translation>Ton</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="168"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="170"/>
        <source>Long-term</source>
        <translation>Langzeit</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="172"/>
        <source>Core</source>
        <translation>Kern</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="174"/>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="176"/>
        <source>Top archetype</source>
        <translation>Stärkster Archetyp</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="178"/>
        <source>Last accessed</source>
        <translation>Zuletzt abgerufen</translation>
    </message>
</context>
<context>
    <name>MigrationPreviewDialog</name>
    <message>
        <location filename="../ui/migrationpreviewdialog.cpp" line="37"/>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <location filename="../ui/migrationpreviewdialog.cpp" line="38"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/migrationpreviewdialog.cpp" line="40"/>
        <source>Review migrations</source>
        <translation>Migrationen prüfen</translation>
    </message>
    <message>
        <location filename="../ui/migrationpreviewdialog.cpp" line="52"/>
        <source>%1 (%2) may not change this schema, so Sextant cannot apply the migrations. Ask the schema owner to apply them (Copy SQL gives the script), or connect as the owner.</source>
        <translation>%1 (%2) darf dieses Schema nicht ändern, daher kann Sextant die Migrationen nicht anwenden. Bitten Sie den Eigentümer des Schemas, sie anzuwenden („SQL kopieren“ liefert das Skript), oder verbinden Sie sich als Eigentümer.</translation>
    </message>
    <message>
        <location filename="../ui/migrationpreviewdialog.cpp" line="66"/>
        <source>&amp;Copy SQL</source>
        <translation>SQL &amp;kopieren</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/migrationpreviewdialog.cpp" line="92"/>
        <source>%n step(s) create the Sextant schema, version %2, in %1.</source>
        <translation>
            <numerusform>%n Schritt legt das Sextant-Schema in Version %2 in %1 an.</numerusform>
            <numerusform>%n Schritte legen das Sextant-Schema in Version %2 in %1 an.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/migrationpreviewdialog.cpp" line="95"/>
        <source>%n step(s) take %1 from schema version %2 to %3.</source>
        <translation>
            <numerusform>%n Schritt bringt %1 von Schemaversion %2 auf %3.</numerusform>
            <numerusform>%n Schritte bringen %1 von Schemaversion %2 auf %3.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/migrationpreviewdialog.cpp" line="99"/>
        <source>They run in one transaction: if any statement fails, the database is left as it was.</source>
        <translation>Sie laufen in einer einzigen Transaktion: Schlägt eine Anweisung fehl, bleibt die Datenbank unverändert.</translation>
    </message>
    <message>
        <location filename="../ui/migrationpreviewdialog.cpp" line="101"/>
        <source>The 8thDegree tables that already exist (users, jobs, embeddings from the seed plan) are adopted and upgraded in place; their rows are kept.</source>
        <translation>Die bereits vorhandenen 8thDegree-Tabellen (Nutzer, Aufträge und Einbettungen aus dem Seed-Plan) werden übernommen und direkt aktualisiert; ihre Zeilen bleiben erhalten.</translation>
    </message>
    <message>
        <location filename="../ui/migrationpreviewdialog.cpp" line="104"/>
        <source>The pgvector extension is enabled first, so embeddings are stored as vector(1536).</source>
        <translation>Zuerst wird die Erweiterung pgvector aktiviert, sodass Einbettungen als vector(1536) gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../ui/migrationpreviewdialog.cpp" line="143"/>
        <source>The migrations were not applied, and the database is unchanged: %1</source>
        <translation>Die Migrationen wurden nicht angewendet, die Datenbank ist unverändert: %1</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <location filename="../services/migrator.cpp" line="188"/>
        <source>Preparing the migration table</source>
        <translation>Vorbereiten der Migrationstabelle</translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="133"/>
        <source>This database has schema version %1, but this Sextant knows versions up to %2. Update Sextant to open it; nothing was changed.</source>
        <translation>Diese Datenbank hat die Schemaversion %1, diese Sextant-Version kennt aber nur Versionen bis %2. Aktualisieren Sie Sextant, um sie zu öffnen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="144"/>
        <source>%1 here is Supabase Auth&apos;s own table, not the marketplace&apos;s. Set the 8thDegree auth schema of this connection to another name (for example app_auth); nothing was changed.</source>
        <translation>%1 ist hier die eigene Tabelle von Supabase Auth, nicht die des Marktplatzes. Geben Sie dem 8thDegree-Auth-Schema dieser Verbindung einen anderen Namen (zum Beispiel app_auth); es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="152"/>
        <source>upgrade the seed plan&apos;s %1 in place</source>
        <translation>Direkte Aktualisierung von %1 aus dem Seed-Plan</translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="162"/>
        <source>This database already has tables Sextant did not create (%1). Sextant can upgrade only the seed plan&apos;s auth.users, core.jobs and ai.embeddings in place; use an empty database or other schema names.</source>
        <translation>Diese Datenbank enthält bereits Tabellen, die nicht von Sextant angelegt wurden (%1). Sextant kann nur auth.users, core.jobs und ai.embeddings aus dem Seed-Plan direkt aktualisieren; verwenden Sie eine leere Datenbank oder andere Schemanamen.</translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="184"/>
        <source>Creating the schema %1</source>
        <translation>Anlegen des Schemas %1</translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="193"/>
        <source>Migration %1 (%2)</source>
        <translation>Migration %1 (%2)</translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="205"/>
        <source>Recording migration %1</source>
        <translation>Protokollieren der Migration %1</translation>
    </message>
</context>
<context>
    <name>OpenAiClient</name>
    <message>
        <location filename="../services/openaichat.cpp" line="64"/>
        <source>The model&apos;s answer was cut off at the token limit before its JSON was complete.</source>
        <translation>Die Antwort des Modells wurde am Token-Limit abgeschnitten, bevor ihr JSON vollständig war.</translation>
    </message>
    <message>
        <location filename="../services/openaichat.cpp" line="68"/>
        <source>The model&apos;s answer is not the JSON object that was asked for.</source>
        <translation>Die Antwort des Modells ist nicht das angeforderte JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../services/openaichat.cpp" line="70"/>
        <source>The model&apos;s answer does not follow the schema (%1).</source>
        <translation>Die Antwort des Modells entspricht nicht dem Schema (%1).</translation>
    </message>
    <message>
        <location filename="../services/openaichat.cpp" line="87"/>
        <source>The model declined to answer: %1</source>
        <translation>Das Modell hat die Antwort verweigert: %1</translation>
    </message>
    <message>
        <location filename="../services/openaichat.cpp" line="90"/>
        <source>OpenAI&apos;s chat answer holds no message.</source>
        <translation>Die Chat-Antwort von OpenAI enthält keine Nachricht.</translation>
    </message>
    <message>
        <location filename="../services/openaichat.cpp" line="119"/>
        <source>OpenAI sent a stream event that is not valid JSON.</source>
        <translation>OpenAI hat ein Stream-Ereignis gesendet, das kein gültiges JSON ist.</translation>
    </message>
    <message>
        <location filename="../services/openaichat.cpp" line="123"/>
        <source>OpenAI reported an error in the middle of the answer.</source>
        <translation>OpenAI hat mitten in der Antwort einen Fehler gemeldet.</translation>
    </message>
    <message>
        <location filename="../services/openaichat.cpp" line="146"/>
        <source>The answer stream broke off before it was complete.</source>
        <translation>Der Antwort-Stream ist abgebrochen, bevor er vollständig war.</translation>
    </message>
    <message>
        <location filename="../services/openaiclient.cpp" line="97"/>
        <location filename="../services/openaierrors.cpp" line="30"/>
        <source>The OpenAI request was cancelled.</source>
        <translation>Die OpenAI-Anfrage wurde abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/openaiclient.cpp" line="110"/>
        <source>OpenAI requests are paused after repeated failures; Sextant tries again in %n second(s).</source>
        <translation>
            <numerusform>OpenAI-Anfragen sind nach wiederholten Fehlern pausiert; Sextant versucht es in %n Sekunde erneut.</numerusform>
            <numerusform>OpenAI-Anfragen sind nach wiederholten Fehlern pausiert; Sextant versucht es in %n Sekunden erneut.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/openaiclient.cpp" line="147"/>
        <source>Gave up after %n attempt(s).</source>
        <translation>
            <numerusform>Nach %n Versuch aufgegeben.</numerusform>
            <numerusform>Nach %n Versuchen aufgegeben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/openaiclient.cpp" line="153"/>
        <source>The server asks to wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Der Server bittet, vor einem erneuten Versuch %n Sekunde zu warten.</numerusform>
            <numerusform>Der Server bittet, vor einem erneuten Versuch %n Sekunden zu warten.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/openaiembeddings.cpp" line="67"/>
        <source>Text %1 is empty; OpenAI cannot embed empty text.</source>
        <translation>Text %1 ist leer; OpenAI kann leeren Text nicht einbetten.</translation>
    </message>
    <message>
        <location filename="../services/openaiembeddings.cpp" line="124"/>
        <source>OpenAI&apos;s embedding answer is unusable: %1</source>
        <translation>Die Einbettungsantwort von OpenAI ist unbrauchbar: %1</translation>
    </message>
    <message>
        <location filename="../services/openaiembeddings.cpp" line="127"/>
        <source>%1 vectors for %2 texts.</source>
        <translation>%1 Vektoren für %2 Texte.</translation>
    </message>
    <message>
        <location filename="../services/openaiembeddings.cpp" line="134"/>
        <source>vector index %1 is out of place.</source>
        <translation>Vektorindex %1 ist ungültig oder doppelt.</translation>
    </message>
    <message>
        <location filename="../services/openaiembeddings.cpp" line="140"/>
        <source>a vector has %1 dimensions instead of %2.</source>
        <translation>Ein Vektor hat %1 statt %2 Dimensionen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/openaierrors.cpp" line="33"/>
        <source>%1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>%1 hat nicht innerhalb von %n Sekunde geantwortet.</numerusform>
            <numerusform>%1 hat nicht innerhalb von %n Sekunden geantwortet.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="38"/>
        <source>The secure connection to %1 failed: %2</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="41"/>
        <source>The connection to %1 dropped before the answer was complete.</source>
        <translation>Die Verbindung zu %1 wurde getrennt, bevor die Antwort vollständig war.</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="42"/>
        <source>Could not reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="51"/>
        <source>The API key was refused by %1 (401). Check the key in the OpenAI settings.</source>
        <translation>%1 hat den API-Schlüssel abgelehnt (401). Prüfen Sie den Schlüssel in den OpenAI-Einstellungen.</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="54"/>
        <source>This API key has no access here (403): the organisation, project or region does not allow it.</source>
        <translation>Dieser API-Schlüssel hat hier keinen Zugriff (403): Organisation, Projekt oder Region lassen ihn nicht zu.</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="60"/>
        <source>OpenAI does not know the model &quot;%1&quot;, or this key cannot use it (404).</source>
        <translation>OpenAI kennt das Modell „%1“ nicht, oder dieser Schlüssel darf es nicht verwenden (404).</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="63"/>
        <source>%1 has no endpoint &quot;%2&quot; (404). Check the base URL.</source>
        <translation>%1 hat keinen Endpunkt „%2“ (404). Prüfen Sie die Basis-URL.</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="67"/>
        <source>The OpenAI account has used up its quota (429). Check the plan and billing.</source>
        <translation>Das OpenAI-Konto hat sein Kontingent aufgebraucht (429). Prüfen Sie Tarif und Abrechnung.</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="69"/>
        <source>OpenAI is limiting the request rate (429).</source>
        <translation>OpenAI begrenzt die Anfragerate (429).</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="71"/>
        <source>%1 timed out waiting for the request (408).</source>
        <translation>%1 hat beim Warten auf die Anfrage das Zeitlimit überschritten (408).</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="78"/>
        <source>%1 answered with a server error (HTTP %2).</source>
        <translation>%1 hat mit einem Serverfehler geantwortet (HTTP %2).</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="81"/>
        <source>OpenAI rejected the request (HTTP %1).</source>
        <translation>OpenAI hat die Anfrage abgelehnt (HTTP %1).</translation>
    </message>
    <message>
        <location filename="../services/openaierrors.cpp" line="86"/>
        <source>%1 sent an answer that is not valid JSON.</source>
        <translation>%1 hat eine Antwort gesendet, die kein gültiges JSON ist.</translation>
    </message>
</context>
<context>
    <name>OpenAiSettings</name>
    <message>
        <location filename="../services/openaisettings.cpp" line="49"/>
        <source>The OpenAI base URL &quot;%1&quot; is not an http(s) address.</source>
        <translation>Die OpenAI-Basis-URL „%1“ ist keine http(s)-Adresse.</translation>
    </message>
    <message>
        <location filename="../services/openaisettings.cpp" line="51"/>
        <source>Both an embedding model and a chat model must be named.</source>
        <translation>Es müssen sowohl ein Einbettungsmodell als auch ein Chat-Modell angegeben werden.</translation>
    </message>
    <message>
        <location filename="../services/openaisettings.cpp" line="55"/>
        <source>An OpenAI limit or timeout is out of range.</source>
        <translation>Ein Limit oder Zeitlimit der OpenAI-Einstellungen liegt außerhalb des zulässigen Bereichs.</translation>
    </message>
</context>
<context>
    <name>PostgresSettings</name>
    <message>
        <location filename="../services/postgressettings.cpp" line="40"/>
        <source>This is not a valid PostgreSQL address: %1</source>
        <translation>Dies ist keine gültige PostgreSQL-Adresse: %1</translation>
    </message>
    <message>
        <location filename="../services/postgressettings.cpp" line="58"/>
        <source>&quot;%1&quot; is not a key=value pair.</source>
        <translation>„%1“ ist kein Schlüssel=Wert-Paar.</translation>
    </message>
</context>
<context>
    <name>PostgresWorkspace</name>
    <message numerus="yes">
        <location filename="../services/postgresworkspace.cpp" line="163"/>
        <source>%1 needs %n migration step(s) before Sextant can use it. Review and apply them from the connection dialog.</source>
        <translation>
            <numerusform>%1 benötigt %n Migrationsschritt, bevor Sextant die Datenbank verwenden kann. Prüfen Sie ihn im Verbindungsdialog und wenden Sie ihn dort an.</numerusform>
            <numerusform>%1 benötigt %n Migrationsschritte, bevor Sextant die Datenbank verwenden kann. Prüfen Sie sie im Verbindungsdialog und wenden Sie sie dort an.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PriorityPanel</name>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="26"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="36"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="36"/>
        <source>Archetype priority</source>
        <translation>Archetyp-Priorität</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="36"/>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="36"/>
        <source>Contribution</source>
        <translation>Beitrag</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="38"/>
        <source>Weight × archetype priority. The default weights add up to 1, so the contributions add up to the weighted priority.</source>
        <translation>Gewicht × Archetyp-Priorität. Die Standardgewichte ergeben zusammen 1, daher ergeben die Beiträge zusammen die gewichtete Priorität.</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="68"/>
        <source>Stored priority: %1 (sum of the archetype contributions below: %2)</source>
        <translation>Gespeicherte Priorität: %1 (Summe der Archetyp-Beiträge unten: %2)</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="71"/>
        <source>Manual override: %1</source>
        <translation>Manuell überschrieben: %1</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="73"/>
        <source>Priority now: %1 (long-term and core memories do not decay)</source>
        <translation>Aktuelle Priorität: %1 (Langzeit- und Kernerinnerungen klingen nicht ab)</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="75"/>
        <source>Priority now: %1 after decay since the last access on %2</source>
        <translation>Aktuelle Priorität: %1 nach dem Abklingen seit dem letzten Abruf am %2</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="78"/>
        <source>Priority now: %1 (never accessed, so no decay yet)</source>
        <translation>Aktuelle Priorität: %1 (nie abgerufen, daher noch nicht abgeklungen)</translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="99"/>
        <source>—</source>
        <translation>—</translation>
    </message>
</context>
<context>
    <name>Privileges</name>
    <message>
        <location filename="../services/privileges.cpp" line="20"/>
        <source>superuser</source>
        <translation>Superuser</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="22"/>
        <source>owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="27"/>
        <source>custom grants</source>
        <translation>individuelle Rechte</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="27"/>
        <source>no access</source>
        <translation>kein Zugriff</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="35"/>
        <source>read memories and marketplace data</source>
        <translation>Erinnerungen und Marktplatzdaten lesen</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="35"/>
        <source>review matches and bias reports</source>
        <translation>Vorschläge und Bias-Berichte prüfen</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="36"/>
        <source>edit annotations</source>
        <translation>Anmerkungen bearbeiten</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="36"/>
        <source>edit memories and links</source>
        <translation>Erinnerungen und Verknüpfungen bearbeiten</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="37"/>
        <source>purge memories</source>
        <translation>Erinnerungen endgültig löschen</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="37"/>
        <source>read audit attributes</source>
        <translation>Audit-Attribute lesen</translation>
    </message>
    <message>
        <location filename="../services/privileges.cpp" line="38"/>
        <source>apply migrations</source>
        <translation>Migrationen anwenden</translation>
    </message>
</context>
<context>
    <name>RestrictedYaml</name>
    <message>
        <location filename="../services/restrictedyaml.cpp" line="56"/>
        <source>YAML line %1: tabs cannot indent YAML; use spaces.</source>
        <translation>YAML-Zeile %1: YAML kann nicht mit Tabulatoren eingerückt werden; verwenden Sie Leerzeichen.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyaml.cpp" line="58"/>
        <source>YAML line %1: directives (%) are not supported.</source>
        <translation>YAML-Zeile %1: Direktiven (%) werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyaml.cpp" line="63"/>
        <source>YAML line %1: only one document per file is supported.</source>
        <translation>YAML-Zeile %1: Es wird nur ein Dokument pro Datei unterstützt.</translation>
    </message>
</context>
<context>
    <name>SchemaNamesEdit</name>
    <message>
        <location filename="../ui/schemanamesedit.cpp" line="40"/>
        <source>EUMAS:</source>
        <translation>EUMAS:</translation>
    </message>
    <message>
        <location filename="../ui/schemanamesedit.cpp" line="42"/>
        <source>8thDegree auth:</source>
        <translation>8thDegree-Auth:</translation>
    </message>
    <message>
        <location filename="../ui/schemanamesedit.cpp" line="44"/>
        <source>8thDegree core:</source>
        <translation>8thDegree-Core:</translation>
    </message>
    <message>
        <location filename="../ui/schemanamesedit.cpp" line="46"/>
        <source>8thDegree AI:</source>
        <translation>8thDegree-AI:</translation>
    </message>
    <message>
        <location filename="../ui/schemanamesedit.cpp" line="51"/>
        <source>Schemas</source>
        <translation>Schemas</translation>
    </message>
    <message>
        <location filename="../ui/schemanamesedit.cpp" line="95"/>
        <source>This is a Supabase project and the 8thDegree auth schema is still called auth, which Supabase uses itself: rename it, for example to app_auth.</source>
        <translation>Dies ist ein Supabase-Projekt, und das 8thDegree-Auth-Schema heißt noch auth – diesen Namen verwendet Supabase selbst: Benennen Sie es um, zum Beispiel in app_auth.</translation>
    </message>
    <message>
        <location filename="../ui/schemanamesedit.cpp" line="97"/>
        <source>On Supabase, the project already has its own auth.users table: give the 8thDegree auth schema another name, such as app_auth.</source>
        <translation>Auf Supabase hat das Projekt bereits eine eigene Tabelle auth.users: Geben Sie dem 8thDegree-Auth-Schema einen anderen Namen, etwa app_auth.</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <location filename="../services/secretstore.cpp" line="86"/>
        <location filename="../services/secretstore.cpp" line="94"/>
        <source>No password is stored for %1.</source>
        <translation>Für %1 ist kein Passwort gespeichert.</translation>
    </message>
    <message>
        <location filename="../services/secretstore.cpp" line="89"/>
        <source>The keychain refused to read the password: %1</source>
        <translation>Der Schlüsselbund hat das Lesen des Passworts verweigert: %1</translation>
    </message>
    <message>
        <location filename="../services/secretstore.cpp" line="106"/>
        <source>The keychain refused to store the password: %1</source>
        <translation>Der Schlüsselbund hat das Speichern des Passworts verweigert: %1</translation>
    </message>
    <message>
        <location filename="../services/secretstore.cpp" line="121"/>
        <source>The keychain refused to remove the password: %1</source>
        <translation>Der Schlüsselbund hat das Entfernen des Passworts verweigert: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="25"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="27"/>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="28"/>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="45"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="47"/>
        <source>English</source>
        <extracomment>Language names are shown in their own language so that people can find theirs in any UI language.</extracomment>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="49"/>
        <source>Deutsch</source>
        <extracomment>Language names are shown in their own language so that people can find theirs in any UI language.</extracomment>
        <translation>Deutsch</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="53"/>
        <source>Takes effect after restart.</source>
        <translation>Wirkt nach einem Neustart.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="57"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="69"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="82"/>
        <source> rows</source>
        <translation> Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="83"/>
        <source>How many memories the grid loads at a time while you scroll.</source>
        <translation>Wie viele Erinnerungen die Tabelle beim Scrollen jeweils auf einmal lädt.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="86"/>
        <source>Demo workspace file:</source>
        <translation>Datei des Demo-Arbeitsbereichs:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="87"/>
        <source>Memories &amp;page size:</source>
        <translation>Erinnerungen pro &amp;Seite:</translation>
    </message>
</context>
<context>
    <name>SqlRepository</name>
    <message>
        <location filename="../services/sqlbatch.h" line="24"/>
        <location filename="../services/sqlrepositorymarket.cpp" line="93"/>
        <source>Row %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="54"/>
        <source>%1 was refused: your database role is not allowed to do this (%2).</source>
        <translation>%1 wurde verweigert: Ihre Datenbankrolle hat dafür keine Rechte (%2).</translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="55"/>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="74"/>
        <source>Starting a savepoint</source>
        <translation>Anlegen eines Sicherungspunkts</translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="84"/>
        <source>Releasing a savepoint</source>
        <translation>Freigeben eines Sicherungspunkts</translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="88"/>
        <source>Could not start a transaction: %1</source>
        <translation>Die Transaktion konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="99"/>
        <source>Could not commit: %1</source>
        <translation>Die Transaktion konnte nicht festgeschrieben werden: %1</translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="108"/>
        <source>Reading the schema version</source>
        <translation>Lesen der Schemaversion</translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="127"/>
        <source>Counting rows</source>
        <translation>Zählen der Zeilen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="158"/>
        <source>Writing the audit log</source>
        <translation>Schreiben des Audit-Protokolls</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="30"/>
        <source>Saving users</source>
        <translation>Speichern der Nutzer</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="50"/>
        <source>Saving freelancer profiles</source>
        <translation>Speichern der Freelancer-Profile</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="73"/>
        <source>Saving jobs</source>
        <translation>Speichern der Aufträge</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="91"/>
        <source>Row %1: the embedding is empty.</source>
        <translation>Zeile %1: Die Einbettung ist leer.</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="92"/>
        <source>The embedding</source>
        <translation>Die Einbettung</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="100"/>
        <source>Saving embeddings</source>
        <translation>Speichern der Einbettungen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="121"/>
        <source>Saving matches</source>
        <translation>Speichern der Vorschläge</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="150"/>
        <source>Saving match reviews</source>
        <translation>Speichern der Vorschlagsprüfungen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="173"/>
        <source>Saving bias reports</source>
        <translation>Speichern der Bias-Berichte</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="196"/>
        <source>Saving audit attributes</source>
        <translation>Speichern der Audit-Attribute</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="209"/>
        <source>Saving model versions</source>
        <translation>Speichern der Modellversionen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="70"/>
        <location filename="../services/sqlrepositorysearch.cpp" line="101"/>
        <source>Loading memories</source>
        <translation>Laden der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="98"/>
        <source>Loading a memory</source>
        <translation>Laden einer Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="100"/>
        <source>Memory %1 does not exist.</source>
        <translation>Die Erinnerung %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="133"/>
        <source>Loading evaluations</source>
        <translation>Laden der Bewertungen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="166"/>
        <source>Loading links</source>
        <translation>Laden der Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="190"/>
        <source>Loading archetype states</source>
        <translation>Laden der Archetyp-Zustände</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="214"/>
        <source>Loading archetype history</source>
        <translation>Laden des Archetyp-Verlaufs</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="43"/>
        <source>Saving memories</source>
        <translation>Speichern der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="79"/>
        <source>Saving evaluations</source>
        <translation>Speichern der Bewertungen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="102"/>
        <source>Saving links</source>
        <translation>Speichern der Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="124"/>
        <source>Saving archetype states</source>
        <translation>Speichern der Archetyp-Zustände</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="140"/>
        <source>Saving archetype history</source>
        <translation>Speichern des Archetyp-Verlaufs</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorylive.cpp" line="42"/>
        <source>This database driver cannot deliver change notifications.</source>
        <translation>Dieser Datenbanktreiber kann keine Änderungsbenachrichtigungen liefern.</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorylive.cpp" line="45"/>
        <source>Could not listen for changes: %1</source>
        <translation>Änderungsbenachrichtigungen konnten nicht abonniert werden: %1</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorylive.cpp" line="60"/>
        <source>The connection to %1 is closed.</source>
        <translation>Die Verbindung zu %1 ist geschlossen.</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorylive.cpp" line="65"/>
        <source>the server does not answer</source>
        <translation>der Server antwortet nicht</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorylive.cpp" line="66"/>
        <source>The connection to %1 was lost: %2</source>
        <translation>Die Verbindung zu %1 wurde unterbrochen: %2</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorylive.cpp" line="78"/>
        <source>Could not reconnect to %1: %2</source>
        <translation>Die Verbindung zu %1 konnte nicht wiederhergestellt werden: %2</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorysearch.cpp" line="15"/>
        <source>The search vector is empty.</source>
        <translation>Der Suchvektor ist leer.</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorysearch.cpp" line="16"/>
        <source>The search vector</source>
        <translation>Der Suchvektor</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorysearch.cpp" line="33"/>
        <location filename="../services/sqlrepositorysearch.cpp" line="53"/>
        <source>Searching similar memories</source>
        <translation>Suche nach ähnlichen Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorysearch.cpp" line="141"/>
        <source>Reading the role&apos;s privileges</source>
        <translation>Lesen der Rechte der Rolle</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryvectors.cpp" line="69"/>
        <source>Counting vectors</source>
        <translation>Zählen der Vektoren</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryvectors.cpp" line="81"/>
        <source>The database connection is not open.</source>
        <translation>Die Datenbankverbindung ist nicht geöffnet.</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryvectors.cpp" line="92"/>
        <location filename="../services/sqlrepositoryvectors.cpp" line="129"/>
        <source>Loading vectors failed: %1</source>
        <translation>Laden der Vektoren fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryvectors.cpp" line="131"/>
        <source>Loading vectors failed: the server sent rows Sextant cannot read.</source>
        <translation>Laden der Vektoren fehlgeschlagen: Der Server hat Zeilen gesendet, die Sextant nicht lesen kann.</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryvectors.cpp" line="133"/>
        <location filename="../services/sqlrepositoryvectors.cpp" line="157"/>
        <source>Loading vectors was cancelled.</source>
        <translation>Das Laden der Vektoren wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryvectors.cpp" line="148"/>
        <source>Loading vectors</source>
        <translation>Laden der Vektoren</translation>
    </message>
</context>
<context>
    <name>SqliteWorkspace</name>
    <message>
        <location filename="../services/sqliteworkspace.cpp" line="26"/>
        <source>Could not open the workspace file %1: %2</source>
        <translation>Die Arbeitsbereichsdatei %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../services/sqliteworkspace.cpp" line="35"/>
        <location filename="../services/sqliteworkspace.cpp" line="41"/>
        <source>%1 is not a Sextant workspace or is damaged: %2</source>
        <translation>%1 ist kein Sextant-Arbeitsbereich oder beschädigt: %2</translation>
    </message>
</context>
<context>
    <name>StartupPage</name>
    <message>
        <location filename="../ui/startuppage.cpp" line="16"/>
        <source>Preparing the workspace</source>
        <translation>Arbeitsbereich wird vorbereitet</translation>
    </message>
    <message>
        <location filename="../ui/startuppage.cpp" line="17"/>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <location filename="../ui/startuppage.cpp" line="20"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/startuppage.cpp" line="21"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../ui/startuppage.cpp" line="97"/>
        <source>The workspace could not be opened</source>
        <translation>Der Arbeitsbereich konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/startuppage.cpp" line="101"/>
        <source>No reason was given.</source>
        <translation>Es wurde kein Grund angegeben.</translation>
    </message>
    <message>
        <location filename="../ui/startuppage.cpp" line="113"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>TaskListModel</name>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="57"/>
        <source>Started %1</source>
        <translation>Gestartet %1</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="88"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="122"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="124"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="126"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="128"/>
        <source>Elapsed</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="130"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="139"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="142"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="144"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="146"/>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="148"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="150"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="152"/>
        <source>Superseded</source>
        <translation>Ersetzt</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="161"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../models/tasklistmodel.cpp" line="162"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
</context>
<context>
    <name>TasksDock</name>
    <message>
        <location filename="../ui/tasksdock.cpp" line="15"/>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <location filename="../ui/tasksdock.cpp" line="37"/>
        <source>&amp;Cancel Task</source>
        <translation>Aufgabe &amp;abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/tasksdock.cpp" line="39"/>
        <source>Stop the selected task; its result is discarded.</source>
        <translation>Die ausgewählte Aufgabe anhalten; ihr Ergebnis wird verworfen.</translation>
    </message>
    <message>
        <location filename="../ui/tasksdock.cpp" line="40"/>
        <source>Cancel &amp;All</source>
        <translation>&amp;Alle abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/tasksdock.cpp" line="42"/>
        <source>C&amp;lear Finished</source>
        <translation>Beendete &amp;entfernen</translation>
    </message>
    <message>
        <location filename="../ui/tasksdock.cpp" line="44"/>
        <source>Remove the tasks that have ended from the list.</source>
        <translation>Die beendeten Aufgaben aus der Liste entfernen.</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../services/validation.cpp" line="18"/>
        <source>%1 is not a number.</source>
        <translation>%1 ist keine Zahl.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="21"/>
        <source>%1 must lie between 0 and 1, got %2.</source>
        <translation>%1 muss zwischen 0 und 1 liegen, ist aber %2.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="28"/>
        <source>%1 is missing.</source>
        <translation>%1 fehlt.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="62"/>
        <source>%1 has %2 dimensions; Sextant stores %3-dimensional vectors.</source>
        <translation>%1 hat %2 Dimensionen; Sextant speichert %3-dimensionale Vektoren.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="69"/>
        <source>%1 has a non-finite value (NaN or infinity) at dimension %2.</source>
        <translation>%1 hat in Dimension %2 einen nicht endlichen Wert (NaN oder unendlich).</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="76"/>
        <source>Memory id</source>
        <translation>Erinnerungs-ID</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="79"/>
        <source>Memory %1 has no creation time.</source>
        <translation>Die Erinnerung %1 hat keinen Erstellungszeitpunkt.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="80"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="83"/>
        <source>Priority override</source>
        <translation>Überschriebene Priorität</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="86"/>
        <source>The prompt</source>
        <translation>Die Anfrage</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="87"/>
        <source>The reply</source>
        <translation>Die Antwort</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="87"/>
        <source>The summary</source>
        <translation>Die Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="90"/>
        <source>%1 of memory %2 is too long (%L3 characters; the limit is %L4).</source>
        <translation>%1 der Erinnerung %2 ist zu lang (%L3 Zeichen; erlaubt sind höchstens %L4).</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="96"/>
        <source>Decay rate must be a non-negative number.</source>
        <translation>Die Abklingrate muss eine nicht negative Zahl sein.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="97"/>
        <source>The memory embedding</source>
        <translation>Die Einbettung der Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="102"/>
        <source>Evaluation memory id</source>
        <translation>Erinnerungs-ID der Bewertung</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="106"/>
        <source>Unknown archetype index %1; expected Ella-M … Ella-F.</source>
        <translation>Unbekannter Archetyp-Index %1; erwartet wird Ella-M … Ella-F.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="112"/>
        <source>Archetype priority</source>
        <translation>Archetyp-Priorität</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="114"/>
        <location filename="../services/validation.cpp" line="159"/>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="119"/>
        <source>Link source</source>
        <translation>Quelle der Verknüpfung</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="121"/>
        <source>Link target</source>
        <translation>Ziel der Verknüpfung</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="124"/>
        <source>Unknown link type &quot;%1&quot;.</source>
        <translation>Unbekannter Verknüpfungstyp „%1“.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="126"/>
        <source>Unknown link origin &quot;%1&quot;.</source>
        <translation>Unbekannte Herkunft der Verknüpfung „%1“.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="128"/>
        <location filename="../services/validation.cpp" line="135"/>
        <source>Unknown archetype index %1.</source>
        <translation>Unbekannter Archetyp-Index %1.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="129"/>
        <source>Link strength</source>
        <translation>Stärke der Verknüpfung</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="137"/>
        <source>Archetype state</source>
        <translation>Archetyp-Zustand</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="140"/>
        <source>Influence</source>
        <translation>Einfluss</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="145"/>
        <source>Job id</source>
        <translation>Auftrags-ID</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="148"/>
        <source>Unknown job status &quot;%1&quot;.</source>
        <translation>Unbekannter Auftragsstatus „%1“.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="150"/>
        <source>Job budget must be a non-negative amount.</source>
        <translation>Das Budget des Auftrags muss ein nicht negativer Betrag sein.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="156"/>
        <source>Match id</source>
        <translation>Vorschlags-ID</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="158"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="160"/>
        <source>Skill match</source>
        <translation>Übereinstimmung der Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="161"/>
        <source>Experience match</source>
        <translation>Übereinstimmung der Erfahrung</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="162"/>
        <source>Success-rate match</source>
        <translation>Übereinstimmung der Erfolgsquote</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="163"/>
        <source>Region match</source>
        <translation>Übereinstimmung der Region</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="172"/>
        <source>Reviewed match id</source>
        <translation>ID des geprüften Vorschlags</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="176"/>
        <source>Unknown review decision &quot;%1&quot;.</source>
        <translation>Unbekannte Prüfentscheidung „%1“.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="178"/>
        <source>Review level must be 1 or 2.</source>
        <translation>Die Prüfstufe muss 1 oder 2 sein.</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="184"/>
        <source>Bias report entity id</source>
        <translation>Entitäts-ID des Bias-Berichts</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="186"/>
        <source>Bias score</source>
        <translation>Bias-Score</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="188"/>
        <source>Bias confidence</source>
        <translation>Bias-Konfidenz</translation>
    </message>
</context>
<context>
    <name>WorkspaceSession</name>
    <message>
        <location filename="../services/workspacesession.cpp" line="51"/>
        <source>Could not move the new workspace into place at %1.</source>
        <translation>Der neue Arbeitsbereich konnte nicht nach %1 verschoben werden.</translation>
    </message>
    <message>
        <location filename="../services/workspacesession.cpp" line="58"/>
        <source>Demo workspace</source>
        <translation>Demo-Arbeitsbereich</translation>
    </message>
    <message>
        <location filename="../services/workspacesession.cpp" line="64"/>
        <source>Creating the demo workspace</source>
        <translation>Demo-Arbeitsbereich wird erstellt</translation>
    </message>
    <message>
        <location filename="../services/workspacesession.cpp" line="94"/>
        <source>Connecting to %1</source>
        <translation>Verbindung zu %1 wird hergestellt</translation>
    </message>
    <message>
        <location filename="../services/workspacesession.cpp" line="101"/>
        <source>To apply them without the dialog, start Sextant with --connect and --migrate.</source>
        <translation>Um die Migrationen ohne den Dialog anzuwenden, starten Sie Sextant mit --connect und --migrate.</translation>
    </message>
    <message>
        <location filename="../services/workspacesession.cpp" line="119"/>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
</context>
<context>
    <name>WorkspaceStatusBar</name>
    <message>
        <location filename="../ui/workspacestatusbar.cpp" line="17"/>
        <source>Loading…</source>
        <translation>Lädt…</translation>
    </message>
    <message>
        <location filename="../ui/workspacestatusbar.cpp" line="46"/>
        <source>Show the Tasks panel</source>
        <translation>Den Aufgabenbereich anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/workspacestatusbar.cpp" line="58"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/workspacestatusbar.cpp" line="65"/>
        <source>%Ln memories</source>
        <translation>
            <numerusform>%Ln Erinnerung</numerusform>
            <numerusform>%Ln Erinnerungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/workspacestatusbar.cpp" line="66"/>
        <source>%Ln jobs</source>
        <translation>
            <numerusform>%Ln Auftrag</numerusform>
            <numerusform>%Ln Aufträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/workspacestatusbar.cpp" line="66"/>
        <source>%Ln freelancers</source>
        <translation>
            <numerusform>%Ln Freelancer</numerusform>
            <numerusform>%Ln Freelancer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/workspacestatusbar.cpp" line="67"/>
        <source>%Ln matches</source>
        <translation>
            <numerusform>%Ln Vorschlag</numerusform>
            <numerusform>%Ln Vorschläge</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/workspacestatusbar.cpp" line="83"/>
        <source>Role: %1</source>
        <translation>Rolle: %1</translation>
    </message>
    <message>
        <location filename="../ui/workspacestatusbar.cpp" line="90"/>
        <source>Connection lost</source>
        <translation>Verbindung unterbrochen</translation>
    </message>
    <message>
        <location filename="../ui/workspacestatusbar.cpp" line="97"/>
        <source>Connection lost — reconnecting (attempt %1, next in %2 s)</source>
        <translation>Verbindung unterbrochen — wird wiederhergestellt (Versuch %1, nächster in %2 s)</translation>
    </message>
    <message>
        <location filename="../ui/workspacestatusbar.cpp" line="107"/>
        <source>Reconnected; the view was brought up to date.</source>
        <translation>Verbindung wiederhergestellt; die Ansicht wurde aktualisiert.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/workspacestatusbar.cpp" line="112"/>
        <source>%n task(s) running</source>
        <translation>
            <numerusform>%n Aufgabe läuft</numerusform>
            <numerusform>%n Aufgaben laufen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>YamlParser</name>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="24"/>
        <source>YAML line %1: %2</source>
        <translation>YAML-Zeile %1: %2</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="31"/>
        <source>the document has more than %L1 values.</source>
        <translation>Das Dokument enthält mehr als %L1 Werte.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="50"/>
        <source>unexpected content; check the indentation.</source>
        <translation>unerwarteter Inhalt; prüfen Sie die Einrückung.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="60"/>
        <location filename="../services/restrictedyamlparser.cpp" line="158"/>
        <location filename="../services/restrictedyamlscalars.cpp" line="129"/>
        <source>values are nested deeper than %1 levels.</source>
        <translation>Die Werte sind tiefer als %1 Ebenen verschachtelt.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="81"/>
        <source>complex mapping keys (?) are not supported.</source>
        <translation>Komplexe Mapping-Schlüssel (?) werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="103"/>
        <source>anchors, aliases and tags are not supported.</source>
        <translation>Anker, Aliase und Tags werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="106"/>
        <location filename="../services/restrictedyamlscalars.cpp" line="180"/>
        <source>merge keys (&lt;&lt;) are not supported.</source>
        <translation>Merge-Schlüssel (&lt;&lt;) werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="120"/>
        <location filename="../services/restrictedyamlparser.cpp" line="166"/>
        <source>unexpected indentation.</source>
        <translation>unerwartete Einrückung.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="125"/>
        <source>expected &quot;key: value&quot;.</source>
        <translation>Erwartet wird „Schlüssel: Wert“.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlparser.cpp" line="129"/>
        <source>the key &quot;%1&quot; appears twice.</source>
        <translation>Der Schlüssel „%1“ kommt doppelt vor.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlscalars.cpp" line="27"/>
        <location filename="../services/restrictedyamlscalars.cpp" line="148"/>
        <source>anchors (&amp;), aliases (*) and tags (!) are not supported.</source>
        <translation>Anker (&amp;), Aliase (*) und Tags (!) werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlscalars.cpp" line="31"/>
        <source>a plain value cannot start with %1; quote it.</source>
        <translation>Ein Wert ohne Anführungszeichen darf nicht mit %1 beginnen; setzen Sie ihn in Anführungszeichen.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlscalars.cpp" line="43"/>
        <source>unexpected text after a closed value.</source>
        <translation>unerwarteter Text nach einem abgeschlossenen Wert.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlscalars.cpp" line="109"/>
        <source>a bad \%1 escape.</source>
        <translation>ungültige Escape-Sequenz \%1.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlscalars.cpp" line="118"/>
        <source>unknown escape \%1.</source>
        <translation>unbekannte Escape-Sequenz \%1.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlscalars.cpp" line="122"/>
        <source>a quoted value is not closed on its line (multi-line quoted values are not supported).</source>
        <translation>Ein Wert in Anführungszeichen wird in seiner Zeile nicht geschlossen (mehrzeilige Werte in Anführungszeichen werden nicht unterstützt).</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlscalars.cpp" line="174"/>
        <source>expected &quot;key: value&quot; inside { }.</source>
        <translation>Erwartet wird „Schlüssel: Wert“ innerhalb von { }.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlscalars.cpp" line="196"/>
        <source>a [ ] or { } collection is not closed on its line.</source>
        <translation>Eine [ ]- oder { }-Sammlung wird in ihrer Zeile nicht geschlossen.</translation>
    </message>
    <message>
        <location filename="../services/restrictedyamlscalars.cpp" line="205"/>
        <source>only |, |-, |+, &gt;, &gt;- and &gt;+ block scalars are supported.</source>
        <translation>Es werden nur die Blockskalare |, |-, |+, &gt;, &gt;- und &gt;+ unterstützt.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="57"/>
        <source>Wrote %1 memories, %2 evaluations, %3 jobs and %4 freelancers to %5 in %6 s.</source>
        <translation>In %6 s wurden %1 Erinnerungen, %2 Bewertungen, %3 Aufträge und %4 Freelancer nach %5 geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="79"/>
        <source>Applied: %1</source>
        <translation>Angewendet: %1</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="80"/>
        <source>%1 is up to date at schema version %2.</source>
        <translation>%1 ist mit Schemaversion %2 auf dem neuesten Stand.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="83"/>
        <source>%1 is now at schema version %2.</source>
        <translation>%1 hat jetzt die Schemaversion %2.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="118"/>
        <source>Published %1 memories, %2 jobs and %3 freelancers to %4 in %5 s.</source>
        <translation>In %5 s wurden %1 Erinnerungen, %2 Aufträge und %3 Freelancer in %4 veröffentlicht.</translation>
    </message>
</context>
</TS>
