<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ArchetypeHistoryChart</name>
    <message>
        <location filename="../ui/archetypehistorychart.cpp" line="74"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypesPage</name>
    <message>
        <location filename="../ui/archetypespage.cpp" line="36"/>
        <source>Current archetype state</source>
        <translation>Aktueller Zustand der Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="49"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="49"/>
        <source>Metric 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="49"/>
        <source>Metric 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="49"/>
        <source>Metric 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="50"/>
        <source>Metric 4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="50"/>
        <location filename="../ui/archetypespage.cpp" line="169"/>
        <source>Influence</source>
        <translation>Einfluss</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="50"/>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="65"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="68"/>
        <source>History of the last 90 days for</source>
        <translation>Verlauf der letzten 90 Tage für</translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="116"/>
        <source>Could not load the archetype states: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypespage.cpp" line="138"/>
        <source>Could not load the history of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../app/commandline.cpp" line="20"/>
        <source>Sextant: operator console for EUMAS memories and 8thDegree matching.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="25"/>
        <source>Open this SQLite workspace file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="27"/>
        <source>Recreate the demo workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="29"/>
        <source>Write a demo workspace with this many memories to --output and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="33"/>
        <source>File for --generate-demo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="35"/>
        <source>Seed of the demo generator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="38"/>
        <source>Save a screenshot once a memory is shown, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="51"/>
        <source>--seed needs a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="55"/>
        <source>--generate-demo needs a positive count.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="57"/>
        <source>--generate-demo needs --output FILE.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabaseWorker</name>
    <message>
        <location filename="../services/databaseworker.h" line="40"/>
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
    <name>DemoVocabulary</name>
    <message>
        <location filename="../services/demovocabulary.cpp" line="26"/>
        <source>The demo vocabulary %1 is missing from this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demovocabulary.cpp" line="98"/>
        <source>The demo vocabulary is incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluationChart</name>
    <message>
        <location filename="../ui/evaluationchart.cpp" line="126"/>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2)&lt;/p&gt;&lt;p&gt;Not evaluated.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/evaluationchart.cpp" line="131"/>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2): %3&lt;/p&gt;&lt;p&gt;%4&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/evaluationchart.cpp" line="134"/>
        <source>No justification given.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="44"/>
        <source>Sextant</source>
        <translation>Sextant</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="71"/>
        <source>Memories</source>
        <translation>Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="72"/>
        <source>Archetypes</source>
        <translation>Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="93"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="94"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="100"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="103"/>
        <source>&amp;Memories</source>
        <translation>&amp;Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="103"/>
        <source>&amp;Archetypes</source>
        <translation>&amp;Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="115"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="116"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="121"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="122"/>
        <source>&amp;About Sextant…</source>
        <translation>Über &amp;Sextant…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="125"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="170"/>
        <source>Sextant — %1</source>
        <translation>Sextant — %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="204"/>
        <source>Could not count the workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="225"/>
        <source>About Sextant</source>
        <translation>Über Sextant</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="226"/>
        <source>&lt;h3&gt;Sextant %1&lt;/h3&gt;&lt;p&gt;A desktop operator console for the EUMAS memory system and the 8thDegree freelancer marketplace: browse memories with their archetype evaluations, priorities and links, and follow the archetypes&apos; state over time.&lt;/p&gt;&lt;p&gt;License: MIT&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoriesPage</name>
    <message>
        <location filename="../ui/memoriespage.cpp" line="32"/>
        <source>Memories — newest first</source>
        <translation>Erinnerungen — neueste zuerst</translation>
    </message>
    <message>
        <location filename="../ui/memoriespage.cpp" line="88"/>
        <source>Could not load memories: %1</source>
        <translation>Erinnerungen konnten nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memoriespage.cpp" line="198"/>
        <source>all %Ln loaded</source>
        <translation>
            <numerusform>alle %Ln geladen</numerusform>
            <numerusform>alle %Ln geladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memoriespage.cpp" line="200"/>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memorydetailpane.cpp" line="89"/>
        <source>Hover a bar for the evaluator&apos;s justification.</source>
        <translation type="unfinished"></translation>
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
    <name>MemoryHeader</name>
    <message>
        <location filename="../ui/memoryheader.cpp" line="32"/>
        <source>(no summary)</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memoryheader.cpp" line="82"/>
        <source>Embedding: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryTableModel</name>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="73"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="120"/>
        <source>Stored priority %1; long-term and core memories do not decay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="121"/>
        <source>Stored priority %1, decayed to %2 since last access%3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="124"/>
        <source> (manual override)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="147"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="149"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="151"/>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="153"/>
        <source>User</source>
        <translation>Nutzer</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="155"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="157"/>
        <source>Tone</source>
        <translation>Ton</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="159"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="161"/>
        <source>Long-term</source>
        <translation>Langzeit</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="163"/>
        <source>Core</source>
        <translation>Kern</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="165"/>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="167"/>
        <source>Top archetype</source>
        <translation>Stärkster Archetyp</translation>
    </message>
    <message>
        <location filename="../models/memorytablemodel.cpp" line="169"/>
        <source>Last accessed</source>
        <translation>Zuletzt abgerufen</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <location filename="../services/migrator.cpp" line="78"/>
        <source>Preparing the migration table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="87"/>
        <source>This database has schema version %1, but this Sextant knows versions up to %2. Update Sextant to open it; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="101"/>
        <source>Migration %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/migrator.cpp" line="110"/>
        <source>Recording migration %1</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="68"/>
        <source>Stored priority: %1 (sum of the archetype contributions below: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="71"/>
        <source>Manual override: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="73"/>
        <source>Priority now: %1 (long-term and core memories do not decay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="75"/>
        <source>Priority now: %1 after decay since the last access on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="78"/>
        <source>Priority now: %1 (never accessed, so no decay yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/prioritypanel.cpp" line="99"/>
        <source>—</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="83"/>
        <source>How many memories the grid loads at a time while you scroll.</source>
        <translation type="unfinished"></translation>
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
        <location filename="../services/sqlbatch.h" line="22"/>
        <location filename="../services/sqlrepositorymarket.cpp" line="93"/>
        <source>Row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="44"/>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="58"/>
        <source>Could not start a transaction: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="67"/>
        <source>Could not commit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="76"/>
        <source>Reading the schema version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="95"/>
        <source>Counting rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepository.cpp" line="126"/>
        <source>Writing the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="30"/>
        <source>Saving users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="50"/>
        <source>Saving freelancer profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="73"/>
        <source>Saving jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="91"/>
        <source>Row %1: the embedding is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="92"/>
        <source>The embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="100"/>
        <source>Saving embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="121"/>
        <source>Saving matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="150"/>
        <source>Saving match reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="173"/>
        <source>Saving bias reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="196"/>
        <source>Saving audit attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorymarket.cpp" line="209"/>
        <source>Saving model versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="44"/>
        <source>Loading memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="88"/>
        <source>Loading a memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="90"/>
        <source>Memory %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="123"/>
        <source>Loading evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="156"/>
        <source>Loading links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="180"/>
        <source>Loading archetype states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositoryreads.cpp" line="204"/>
        <source>Loading archetype history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="43"/>
        <source>Saving memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="79"/>
        <source>Saving evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="102"/>
        <source>Saving links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="124"/>
        <source>Saving archetype states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqlrepositorywrites.cpp" line="140"/>
        <source>Saving archetype history</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SqliteWorkspace</name>
    <message>
        <location filename="../services/sqliteworkspace.cpp" line="26"/>
        <source>Could not open the workspace file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/sqliteworkspace.cpp" line="33"/>
        <source>PRAGMA schema_version</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/startuppage.cpp" line="113"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../services/validation.cpp" line="72"/>
        <source>Memory id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="75"/>
        <source>Memory %1 has no creation time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="76"/>
        <source>Priority</source>
        <translation type="unfinished">Priorität</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="79"/>
        <source>Priority override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="83"/>
        <source>Decay rate must be a non-negative number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="84"/>
        <source>The memory embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="89"/>
        <source>Evaluation memory id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="93"/>
        <source>Unknown archetype index %1; expected Ella-M … Ella-F.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="99"/>
        <source>Archetype priority</source>
        <translation type="unfinished">Archetyp-Priorität</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="101"/>
        <location filename="../services/validation.cpp" line="146"/>
        <source>Confidence</source>
        <translation type="unfinished">Konfidenz</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="106"/>
        <source>Link source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="108"/>
        <source>Link target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="111"/>
        <source>Unknown link type &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="113"/>
        <source>Unknown link origin &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="115"/>
        <location filename="../services/validation.cpp" line="122"/>
        <source>Unknown archetype index %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="116"/>
        <source>Link strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="124"/>
        <source>Archetype state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="127"/>
        <source>Influence</source>
        <translation type="unfinished">Einfluss</translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="132"/>
        <source>Job id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="135"/>
        <source>Unknown job status &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="137"/>
        <source>Job budget must be a non-negative amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="143"/>
        <source>Match id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="145"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="147"/>
        <source>Skill match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="148"/>
        <source>Experience match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="149"/>
        <source>Success-rate match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="150"/>
        <source>Region match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="159"/>
        <source>Reviewed match id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="163"/>
        <source>Unknown review decision &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="165"/>
        <source>Review level must be 1 or 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="171"/>
        <source>Bias report entity id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="173"/>
        <source>Bias score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/validation.cpp" line="175"/>
        <source>Bias confidence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceSession</name>
    <message>
        <location filename="../services/workspacesession.cpp" line="51"/>
        <source>Could not move the new workspace into place at %1.</source>
        <translation type="unfinished"></translation>
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
        <location filename="../services/workspacesession.cpp" line="95"/>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
</context>
<context>
    <name>WorkspaceStatusBar</name>
    <message>
        <location filename="../ui/workspacestatusbar.cpp" line="13"/>
        <source>Loading…</source>
        <translation>Lädt…</translation>
    </message>
    <message>
        <location filename="../ui/workspacestatusbar.cpp" line="36"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/workspacestatusbar.cpp" line="43"/>
        <source>%Ln memories</source>
        <translation>
            <numerusform>%Ln Erinnerung</numerusform>
            <numerusform>%Ln Erinnerungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/workspacestatusbar.cpp" line="44"/>
        <source>%Ln jobs</source>
        <translation>
            <numerusform>%Ln Auftrag</numerusform>
            <numerusform>%Ln Aufträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/workspacestatusbar.cpp" line="44"/>
        <source>%Ln freelancers</source>
        <translation>
            <numerusform>%Ln Freelancer</numerusform>
            <numerusform>%Ln Freelancer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/workspacestatusbar.cpp" line="45"/>
        <source>%Ln matches</source>
        <translation>
            <numerusform>%Ln Vorschlag</numerusform>
            <numerusform>%Ln Vorschläge</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="56"/>
        <source>Wrote %1 memories, %2 evaluations, %3 jobs and %4 freelancers to %5 in %6 s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
