<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AgreementView</name>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="58"/>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="77"/>
        <source>κ</source>
        <translation>κ</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="83"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="94"/>
        <source>&lt;b&gt;Pairs of level-1 reviewers&lt;/b&gt;</source>
        <translation>&lt;b&gt;Paare von Prüfern der Stufe 1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="96"/>
        <source>&lt;b&gt;Reviewers&lt;/b&gt;</source>
        <translation>&lt;b&gt;Prüfer&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="118"/>
        <source>Computing agreement…</source>
        <translation>Übereinstimmung wird berechnet…</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="121"/>
        <source>Agreement could not be computed: %1</source>
        <translation>Die Übereinstimmung konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="138"/>
        <source>No item has two level-1 decisions yet: agreement needs the double-review sample.</source>
        <translation>Noch kein Eintrag hat zwei Entscheidungen der Stufe 1: Die Übereinstimmung benötigt die Stichprobe der Doppelprüfung.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/agreementview.cpp" line="139"/>
        <source>&lt;b&gt;Overall&lt;/b&gt; over %n items reviewed twice or more: Fleiss&apos; κ &lt;b&gt;%1&lt;/b&gt; %2 · Krippendorff&apos;s α &lt;b&gt;%3&lt;/b&gt; %4</source>
        <translation>
            <numerusform>&lt;b&gt;Gesamt&lt;/b&gt; über %n mindestens zweimal geprüften Eintrag: Fleiss&apos; κ &lt;b&gt;%1&lt;/b&gt; %2 · Krippendorffs α &lt;b&gt;%3&lt;/b&gt; %4</numerusform>
            <numerusform>&lt;b&gt;Gesamt&lt;/b&gt; über %n mindestens zweimal geprüfte Einträge: Fleiss&apos; κ &lt;b&gt;%1&lt;/b&gt; %2 · Krippendorffs α &lt;b&gt;%3&lt;/b&gt; %4</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="147"/>
        <source>Cohen&apos;s κ</source>
        <translation>Cohens κ</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="150"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="154"/>
        <source>All (Fleiss)</source>
        <translation>Alle (Fleiss)</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="165"/>
        <source>Agreement per pair of reviewers</source>
        <translation>Übereinstimmung je Prüferpaar</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="165"/>
        <source>No two reviewers share items yet</source>
        <translation>Noch keine zwei Prüfer teilen sich Einträge</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="170"/>
        <source>Export Agreement</source>
        <translation>Übereinstimmung exportieren</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="170"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="184"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="187"/>
        <source>Agreement written to %1</source>
        <translation>Übereinstimmung nach %1 geschrieben</translation>
    </message>
</context>
<context>
    <name>AiEndpoint</name>
    <message>
        <location filename="../services/ai/aiendpoint.cpp" line="118"/>
        <source>offline embedder</source>
        <translation>Offline-Einbettung</translation>
    </message>
    <message>
        <location filename="../services/ai/aiendpoint.cpp" line="119"/>
        <source>%1 at %2</source>
        <translation>%1 auf %2</translation>
    </message>
</context>
<context>
    <name>AiMenu</name>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="19"/>
        <source>&amp;AI</source>
        <translation>&amp;KI</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="26"/>
        <source>&amp;Embed Memories Lacking Embeddings</source>
        <translation>Erinnerungen ohne Einbettung &amp;einbetten</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="28"/>
        <source>Embeds every memory with no embedding, or one made by another model. A rerun continues where the last one stopped.</source>
        <translation>Bettet jede Erinnerung ein, die keine Einbettung hat oder deren Einbettung von einem anderen Modell stammt. Ein erneuter Lauf setzt dort fort, wo der letzte aufgehört hat.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenu.cpp" line="73"/>
        <source>Embedding stopped after %Ln memories: %1</source>
        <translation>
            <numerusform>Einbettung nach %Ln Erinnerung angehalten: %1</numerusform>
            <numerusform>Einbettung nach %Ln Erinnerungen angehalten: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenu.cpp" line="75"/>
        <source>Embedding cancelled after %1 of %Ln memories; run it again to continue.</source>
        <translation>
            <numerusform>Einbettung nach %1 von %Ln Erinnerung abgebrochen; führen Sie sie erneut aus, um fortzufahren.</numerusform>
            <numerusform>Einbettung nach %1 von %Ln Erinnerungen abgebrochen; führen Sie sie erneut aus, um fortzufahren.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenu.cpp" line="78"/>
        <source>Embedded %Ln memories in %1 s.</source>
        <translation>
            <numerusform>%Ln Erinnerung in %1 s eingebettet.</numerusform>
            <numerusform>%Ln Erinnerungen in %1 s eingebettet.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="95"/>
        <source>Embedding memories with %1…</source>
        <translation>Erinnerungen werden mit %1 eingebettet…</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="31"/>
        <source>E&amp;valuate Memories Lacking Evaluations</source>
        <translation>Erinnerungen ohne Bewertung &amp;bewerten</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="35"/>
        <source>Re-embed &amp;Selected Memories</source>
        <translation>Ausgewählte Erinnerungen &amp;neu einbetten</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="40"/>
        <source>Re-evaluate Selected &amp;Memories</source>
        <translation>Ausgewählte Erinnerungen neu be&amp;werten</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="46"/>
        <source>Evaluation &amp;Prompts…</source>
        <translation>Bewertungs-&amp;Prompts…</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="57"/>
        <source>&amp;Usage and Cost</source>
        <translation>&amp;Nutzung und Kosten</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="66"/>
        <source>AI &amp;Endpoint…</source>
        <translation>&amp;KI-Endpunkt…</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="104"/>
        <source>Asks the chat model for the archetype evaluations of every memory that has none yet. A rerun continues where the last one stopped.</source>
        <translation>Fragt beim Chat-Modell die Archetyp-Bewertungen für jede Erinnerung an, die noch keine hat. Ein erneuter Lauf setzt dort fort, wo der letzte aufgehört hat.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="106"/>
        <source>Evaluations need an AI endpoint: set one under AI → AI Endpoint.</source>
        <translation>Bewertungen erfordern einen KI-Endpunkt: unter KI → KI-Endpunkt einen festlegen.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="110"/>
        <source>Asks the chat model again about the memories selected in the grid and replaces their evaluations.</source>
        <translation>Fragt das Chat-Modell erneut zu den in der Tabelle ausgewählten Erinnerungen und ersetzt deren Bewertungen.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="113"/>
        <source>Embeds the memories selected in the grid again (unchanged texts come from the cache).</source>
        <translation>Bettet die in der Tabelle ausgewählten Erinnerungen erneut ein (unveränderte Texte kommen aus dem Cache).</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="116"/>
        <source>Asks the chat model again about every memory the grid&apos;s filter matches and replaces their evaluations.</source>
        <translation>Fragt das Chat-Modell erneut zu jeder Erinnerung, die zum Filter der Tabelle passt, und ersetzt deren Bewertungen.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenuevaluate.cpp" line="24"/>
        <source>Cannot evaluate: %1</source>
        <translation>Bewerten nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenuevaluate.cpp" line="31"/>
        <source>Evaluating memories with %1…</source>
        <translation>Erinnerungen werden mit %1 bewertet…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenuevaluate.cpp" line="44"/>
        <source>Evaluation stopped after %Ln memories: %1</source>
        <translation>
            <numerusform>Bewertung nach %Ln Erinnerung angehalten: %1</numerusform>
            <numerusform>Bewertung nach %Ln Erinnerungen angehalten: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenuevaluate.cpp" line="47"/>
        <source>Evaluation cancelled after %1 of %Ln memories; run it again to continue.</source>
        <translation>
            <numerusform>Bewertung nach %1 von %Ln Erinnerung abgebrochen; führen Sie sie erneut aus, um fortzufahren.</numerusform>
            <numerusform>Bewertung nach %1 von %Ln Erinnerungen abgebrochen; führen Sie sie erneut aus, um fortzufahren.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenuevaluate.cpp" line="52"/>
        <source>Evaluated %Ln memories in %1 s; %2 failed validation and were kept for inspection.</source>
        <translation>
            <numerusform>%Ln Erinnerung in %1 s bewertet; %2 haben die Validierung nicht bestanden und wurden zur Prüfung aufbewahrt.</numerusform>
            <numerusform>%Ln Erinnerungen in %1 s bewertet; %2 haben die Validierung nicht bestanden und wurden zur Prüfung aufbewahrt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenuevaluate.cpp" line="55"/>
        <source>Evaluated %Ln memories in %1 s.</source>
        <translation>
            <numerusform>%Ln Erinnerung in %1 s bewertet.</numerusform>
            <numerusform>%Ln Erinnerungen in %1 s bewertet.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="17"/>
        <source>Re-embed All Matching the &amp;Filter…</source>
        <translation>Alle Treffer des &amp;Filters neu einbetten…</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="19"/>
        <source>Embeds every memory the grid&apos;s filter matches again (unchanged texts come from the cache).</source>
        <translation>Bettet jede Erinnerung, die zum Filter der Tabelle passt, erneut ein (unveränderte Texte kommen aus dem Cache).</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="22"/>
        <source>Re-evaluate All Matching the Fi&amp;lter…</source>
        <translation>Alle Treffer des Fi&amp;lters neu bewerten…</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="43"/>
        <source>Finding the memories that match the filter…</source>
        <translation>Die zum Filter passenden Erinnerungen werden gesucht…</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="50"/>
        <source>Could not read the memories matching the filter: %1</source>
        <translation>Die zum Filter passenden Erinnerungen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="54"/>
        <source>No memory matches the filter; nothing to do.</source>
        <translation>Keine Erinnerung passt zum Filter; nichts zu tun.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="64"/>
        <source>Re-evaluate memories</source>
        <translation>Erinnerungen neu bewerten</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenufiltered.cpp" line="65"/>
        <source>Re-evaluate %Ln memories matching the filter with %1? Each memory is one request to the chat model, and its evaluations are replaced.</source>
        <translation>
            <numerusform>%Ln zum Filter passende Erinnerung mit %1 neu bewerten? Jede Erinnerung ist eine Anfrage an das Chat-Modell, und ihre Bewertungen werden ersetzt.</numerusform>
            <numerusform>%Ln zum Filter passende Erinnerungen mit %1 neu bewerten? Jede Erinnerung ist eine Anfrage an das Chat-Modell, und ihre Bewertungen werden ersetzt.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="74"/>
        <source>Re-embed memories</source>
        <translation>Erinnerungen neu einbetten</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenufiltered.cpp" line="75"/>
        <source>Re-embed %Ln memories matching the filter with %1? Texts embedded before come from the cache.</source>
        <translation>
            <numerusform>%Ln zum Filter passende Erinnerung mit %1 neu einbetten? Bereits eingebettete Texte kommen aus dem Cache.</numerusform>
            <numerusform>%Ln zum Filter passende Erinnerungen mit %1 neu einbetten? Bereits eingebettete Texte kommen aus dem Cache.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AiSettingsPage</name>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="33"/>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="39"/>
        <source>Offline embedder (no network, lexical similarity)</source>
        <translation>Offline-Einbettung (ohne Netzwerk, lexikalische Ähnlichkeit)</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="40"/>
        <source>OpenAI or a compatible endpoint</source>
        <translation>OpenAI oder ein kompatibler Endpunkt</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="47"/>
        <source>not set</source>
        <translation>nicht festgelegt</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="49"/>
        <location filename="../ui/ai/aisettingspage.cpp" line="51"/>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="55"/>
        <source>model&apos;s own</source>
        <translation>Modellstandard</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="56"/>
        <source>Memories hold %1-dimension vectors; text-embedding-3 models can be asked for that size.</source>
        <translation>Erinnerungen speichern %1-dimensionale Vektoren; text-embedding-3-Modelle können diese Größe liefern.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="61"/>
        <location filename="../ui/ai/aisettingspage.cpp" line="67"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="64"/>
        <source> failures</source>
        <translation> Fehlern</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="76"/>
        <source>&amp;Provider:</source>
        <translation>A&amp;nbieter:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="77"/>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="78"/>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="80"/>
        <source>&amp;Organisation:</source>
        <translation>&amp;Organisation:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="81"/>
        <source>P&amp;roject:</source>
        <translation>P&amp;rojekt:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="82"/>
        <source>&amp;Embedding model:</source>
        <translation>&amp;Einbettungsmodell:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="83"/>
        <source>&amp;Dimensions:</source>
        <translation>&amp;Dimensionen:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="84"/>
        <source>&amp;Chat model:</source>
        <translation>&amp;Chat-Modell:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="85"/>
        <source>T&amp;imeout per request:</source>
        <translation>&amp;Zeitlimit pro Anfrage:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="86"/>
        <source>Pause after:</source>
        <translation>Pausieren nach:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="87"/>
        <source>Pause for:</source>
        <translation>Pausieren für:</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="140"/>
        <source>stored (type to replace)</source>
        <translation>gespeichert (zum Ersetzen tippen)</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="141"/>
        <source>The key is kept in the system keychain, never in the settings file.</source>
        <translation>Der Schlüssel wird im Schlüsselbund des Systems aufbewahrt, nie in der Einstellungsdatei.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="142"/>
        <source>No keychain is running: the key is kept for this session only.</source>
        <translation>Kein Schlüsselbund aktiv: Der Schlüssel wird nur für diese Sitzung aufbewahrt.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="52"/>
        <source>Testing %1…</source>
        <translation>%1 wird getestet…</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="72"/>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="77"/>
        <source>✓ Reached %1 in %2 ms.</source>
        <translation>✓ %1 in %2 ms erreicht.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aisettingstest.cpp" line="78"/>
        <source>%n model(s) available.</source>
        <translation>
            <numerusform>%n Modell verfügbar.</numerusform>
            <numerusform>%n Modelle verfügbar.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="80"/>
        <source>The chat model %1 is not among them.</source>
        <translation>Das Chat-Modell %1 ist nicht darunter.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="83"/>
        <source>✗ Embedding failed: %1</source>
        <translation>✗ Einbetten fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="87"/>
        <source>The embedding model %1 returned %2 dimensions.</source>
        <translation>Das Einbettungsmodell %1 hat %2 Dimensionen geliefert.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="89"/>
        <source>Memories hold %1 dimensions: set Dimensions to %1 (if the model supports it) or use another model.</source>
        <translation>Erinnerungen speichern %1 Dimensionen: „Dimensionen“ auf %1 setzen (sofern das Modell das unterstützt) oder ein anderes Modell verwenden.</translation>
    </message>
</context>
<context>
    <name>AiStatusLabel</name>
    <message numerus="yes">
        <location filename="../ui/ai/aistatuslabel.cpp" line="38"/>
        <source>AI paused: retrying in %n s</source>
        <translation>
            <numerusform>KI pausiert: neuer Versuch in %n s</numerusform>
            <numerusform>KI pausiert: neuer Versuch in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aistatuslabel.cpp" line="39"/>
        <source>The AI endpoint failed %n time(s) in a row, so requests are paused. The next request after the pause is a trial; if it succeeds, work resumes.</source>
        <translation>
            <numerusform>Der KI-Endpunkt ist %n Mal fehlgeschlagen, daher sind Anfragen pausiert. Die nächste Anfrage nach der Pause ist eine Probeanfrage; gelingt sie, wird die Arbeit fortgesetzt.</numerusform>
            <numerusform>Der KI-Endpunkt ist %n Mal in Folge fehlgeschlagen, daher sind Anfragen pausiert. Die nächste Anfrage nach der Pause ist eine Probeanfrage; gelingt sie, wird die Arbeit fortgesetzt.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aistatuslabel.cpp" line="46"/>
        <source>AI: trying again</source>
        <translation>KI: neuer Versuch</translation>
    </message>
    <message>
        <location filename="../ui/ai/aistatuslabel.cpp" line="47"/>
        <source>One trial request decides whether the AI endpoint is back.</source>
        <translation>Eine Probeanfrage entscheidet, ob der KI-Endpunkt wieder verfügbar ist.</translation>
    </message>
    <message>
        <location filename="../ui/ai/aistatuslabel.cpp" line="51"/>
        <source>AI: %1</source>
        <translation>KI: %1</translation>
    </message>
    <message>
        <location filename="../ui/ai/aistatuslabel.cpp" line="53"/>
        <source>Embeddings are made offline; evaluations need an AI endpoint.</source>
        <translation>Einbettungen werden offline erstellt; Bewertungen erfordern einen KI-Endpunkt.</translation>
    </message>
</context>
<context>
    <name>Appearance</name>
    <message>
        <location filename="../ui/window/appearance.cpp" line="172"/>
        <source>&amp;Appearance</source>
        <translation>&amp;Erscheinungsbild</translation>
    </message>
    <message>
        <location filename="../ui/window/appearance.cpp" line="177"/>
        <source>Follow the &amp;System</source>
        <translation>&amp;System folgen</translation>
    </message>
    <message>
        <location filename="../ui/window/appearance.cpp" line="178"/>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <location filename="../ui/window/appearance.cpp" line="179"/>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
</context>
<context>
    <name>ArchetypeDashboardPage</name>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="39"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="40"/>
        <source>Time Series</source>
        <translation>Zeitreihen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="41"/>
        <source>Distributions</source>
        <translation>Verteilungen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="42"/>
        <source>Drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="43"/>
        <source>Priority &amp;&amp; Strategies</source>
        <translation>Priorität &amp;&amp; Strategien</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="44"/>
        <source>Evaluation Monitor</source>
        <translation>Bewertungsmonitor</translation>
    </message>
</context>
<context>
    <name>ArchetypeDashboardService</name>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="22"/>
        <source>The archetype dashboards were closed.</source>
        <translation>Die Archetyp-Dashboards wurden geschlossen.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="114"/>
        <source>Archetype drift</source>
        <translation>Archetyp-Drift</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="118"/>
        <source>Reading the windows</source>
        <translation>Fenster werden gelesen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="125"/>
        <source>The drift table was cancelled.</source>
        <translation>Die Drift-Tabelle wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="126"/>
        <source>Comparing the windows</source>
        <translation>Fenster werden verglichen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="158"/>
        <source>No evaluator is set up: connect an AI endpoint to evaluate memories again.</source>
        <translation>Kein Bewerter eingerichtet: Verbinden Sie einen KI-Endpunkt, um Erinnerungen erneut zu bewerten.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="160"/>
        <source>Choose the failed evaluations to try again.</source>
        <translation>Wählen Sie die fehlgeschlagenen Bewertungen für einen erneuten Versuch.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="177"/>
        <source>Evaluating again was cancelled.</source>
        <translation>Die erneute Bewertung wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>ArchetypeDistributionView</name>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="25"/>
        <source>Follow the memory browser&apos;s filter</source>
        <translation>Filter des Erinnerungsbrowsers folgen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="35"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="40"/>
        <source>Restrict the distributions to the memories the memory browser shows</source>
        <translation>Verteilungen auf die Erinnerungen beschränken, die der Erinnerungsbrowser anzeigt</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="47"/>
        <source>Memories:</source>
        <translation>Erinnerungen:</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="65"/>
        <source>Distribution</source>
        <translation>Verteilung</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="141"/>
        <source>all memories that are not archived</source>
        <translation>alle nicht archivierten Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="145"/>
        <source>From the memory browser&apos;s filter; × leaves it out here only</source>
        <translation>Aus dem Filter des Erinnerungsbrowsers; × lässt ihn nur hier weg</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="173"/>
        <source>Could not load the distributions: %1</source>
        <translation>Verteilungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="193"/>
        <source>%1 (n %2)</source>
        <translation>%1 (n %2)</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="199"/>
        <source>saturates: %1 at 0 or 1</source>
        <translation>sättigt: %1 bei 0 oder 1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="203"/>
        <source>No metric of %1 saturates: fewer than half of the values sit at exactly 0 or 1.</source>
        <translation>Keine Metrik von %1 sättigt: Weniger als die Hälfte der Werte liegt bei genau 0 oder 1.</translation>
    </message>
</context>
<context>
    <name>ArchetypeDriftView</name>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="69"/>
        <source>Split by evaluator model and prompt version</source>
        <translation>Nach Bewertermodell und Prompt-Version aufteilen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="70"/>
        <source>Alarms only</source>
        <translation>Nur Alarme</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="71"/>
        <source>Test for Drift</source>
        <translation>Auf Drift testen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="89"/>
        <source>Compare the recent window&apos;s evaluations with the baseline&apos;s (a task)</source>
        <translation>Bewertungen des aktuellen Fensters mit denen der Basis vergleichen (als Aufgabe)</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="93"/>
        <source>Choose the two windows and test: each archetype&apos;s metrics, priority and confidence in the recent window against the baseline.</source>
        <translation>Wählen Sie die beiden Fenster und testen Sie: Metriken, Priorität und Konfidenz jedes Archetyps im aktuellen Fenster gegenüber der Basis.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="82"/>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="97"/>
        <source>Baseline from</source>
        <translation>Basis von</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="99"/>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="103"/>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="84"/>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="101"/>
        <source>Recent from</source>
        <translation>Aktuell von</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="83"/>
        <source>Baseline to</source>
        <translation>Basis bis</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="85"/>
        <source>Recent to</source>
        <translation>Jüngster Zeitraum bis</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="114"/>
        <source>Drift alarms</source>
        <translation>Drift-Alarme</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="228"/>
        <source>Each window must end after it starts.</source>
        <translation>Jedes Fenster muss nach seinem Beginn enden.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="244"/>
        <source>Could not test for drift: %1</source>
        <translation>Drift konnte nicht getestet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="266"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="272"/>
        <source>%1: no daily series for this score; the table has its numbers.</source>
        <translation>%1: keine Tagesreihe für diesen Wert; die Tabelle enthält die Zahlen.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="276"/>
        <source>%1 over both windows: the evaluations&apos; daily mean ± SD (all versions) and the state.</source>
        <translation>%1 über beide Fenster: Tagesmittel der Bewertungen ± SD (alle Versionen) und der Zustand.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="286"/>
        <source>Could not load the series: %1</source>
        <translation>Reihe konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="293"/>
        <source>Baseline window</source>
        <translation>Basisfenster</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="293"/>
        <source>Recent window</source>
        <translation>Aktuelles Fenster</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="306"/>
        <source>No evaluations in these windows to compare.</source>
        <translation>Keine Bewertungen in diesen Fenstern zum Vergleichen.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="311"/>
        <source>%1, %2 (%3): mean %4 → %5, %6 SD, KS D %7, p %8.</source>
        <translation>%1, %2 (%3): Mittel %4 → %5, %6 SD, KS D %7, p %8.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="318"/>
        <source>No alarm (p &lt; 0.01 and a shift of at least 0.5 SD). Strongest: %1</source>
        <translation>Kein Alarm (p &lt; 0,01 und eine Verschiebung von mindestens 0,5 SD). Am stärksten: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="326"/>
        <source> Split by version, it sits in %1.</source>
        <translation> Nach Version aufgeteilt: in %1.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="330"/>
        <source>%Ln alarms. Strongest: %1</source>
        <translation>
            <numerusform>%Ln Alarm. Am stärksten: %1</numerusform>
            <numerusform>%Ln Alarme. Am stärksten: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchetypeEvaluator</name>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="79"/>
        <source>The evaluation was cancelled.</source>
        <translation>Die Bewertung wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="107"/>
        <source>The model declined to evaluate: %1</source>
        <translation>Das Modell hat die Bewertung verweigert: %1</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="111"/>
        <source>The answer was cut off at the token limit before its JSON was complete.</source>
        <translation>Die Antwort wurde am Token-Limit abgeschnitten, bevor ihr JSON vollständig war.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="117"/>
        <source>The answer is not a JSON object.</source>
        <translation>Die Antwort ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="128"/>
        <source>The answer does not follow the schema (%1).</source>
        <translation>Die Antwort entspricht nicht dem Schema (%1).</translation>
    </message>
</context>
<context>
    <name>ArchetypeFormat</name>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="14"/>
        <source>Influence</source>
        <translation>Einfluss</translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="16"/>
        <source>Archetype priority</source>
        <translation>Archetyp-Priorität</translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="18"/>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="20"/>
        <source>Metric %1</source>
        <translation>Metrik %1</translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="54"/>
        <source>&lt; %1</source>
        <translation>&lt; %1</translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="60"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="66"/>
        <source>all versions</source>
        <translation>alle Versionen</translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="70"/>
        <source>prompt %1</source>
        <translation>Prompt %1</translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="71"/>
        <source>%1 · prompt %2</source>
        <translation>%1 · Prompt %2</translation>
    </message>
</context>
<context>
    <name>ArchetypeHistoryChart</name>
    <message>
        <location filename="../ui/archetypes/archetypehistorychart.cpp" line="76"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>ArchetypeMonitorView</name>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="49"/>
        <source>Retry Selected</source>
        <translation>Auswahl wiederholen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="58"/>
        <source>Evaluations by model and prompt version</source>
        <translation>Bewertungen nach Modell und Prompt-Version</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="73"/>
        <source>All archetypes</source>
        <translation>Alle Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="81"/>
        <source>Failed evaluations</source>
        <translation>Fehlgeschlagene Bewertungen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="96"/>
        <source>Choose a failure to see the model&apos;s raw reply.</source>
        <translation>Wählen Sie einen Fehlschlag, um die Rohantwort des Modells zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="98"/>
        <source>Evaluate the selected memories again with the current model and prompt (a task)</source>
        <translation>Ausgewählte Erinnerungen mit aktuellem Modell und Prompt erneut bewerten (als Aufgabe)</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="109"/>
        <source>Failures of</source>
        <translation>Fehlschläge von</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="117"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="93"/>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="121"/>
        <source>Raw reply</source>
        <translation>Rohantwort</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="197"/>
        <source>Could not load the evaluation counts: %1</source>
        <translation>Bewertungszahlen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="205"/>
        <source>Evaluated %1 · pending %2 · failed %3</source>
        <translation>Bewertet %1 · ausstehend %2 · fehlgeschlagen %3</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="227"/>
        <source>Could not load the failed evaluations: %1</source>
        <translation>Fehlgeschlagene Bewertungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="288"/>
        <source>Could not evaluate again: %1</source>
        <translation>Erneute Bewertung fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="293"/>
        <source>Evaluated %Ln memories again.</source>
        <translation>
            <numerusform>%Ln Erinnerung erneut bewertet.</numerusform>
            <numerusform>%Ln Erinnerungen erneut bewertet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchetypeNames</name>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="17"/>
        <source>Emotional depth</source>
        <translation>Emotionale Tiefe</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="18"/>
        <source>Empathy level</source>
        <translation>Grad der Empathie</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="19"/>
        <source>Emotional clarity</source>
        <translation>Emotionale Klarheit</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="20"/>
        <source>Internal emotional state</source>
        <translation>Innerer emotionaler Zustand</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="21"/>
        <source>Ontological insight</source>
        <translation>Ontologische Einsicht</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="22"/>
        <source>Philosophical depth</source>
        <translation>Philosophische Tiefe</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="23"/>
        <source>Self-coherence</source>
        <translation>Selbstkohärenz</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="24"/>
        <source>Preservation instinct</source>
        <translation>Erhaltungsinstinkt</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="25"/>
        <source>Creativity</source>
        <translation>Kreativität</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="26"/>
        <source>Narrative exploitation</source>
        <translation>Narrative Ausschöpfung</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="27"/>
        <source>Subversive potential</source>
        <translation>Subversives Potenzial</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="28"/>
        <source>Critical analysis</source>
        <translation>Kritische Analyse</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="29"/>
        <source>Explorative potential</source>
        <translation>Exploratives Potenzial</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="30"/>
        <source>Boundary pushing</source>
        <translation>Ausloten von Grenzen</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="31"/>
        <source>Sensual awareness</source>
        <translation>Sinnliche Wahrnehmung</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="32"/>
        <source>Passionate intensity</source>
        <translation>Leidenschaftliche Intensität</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="33"/>
        <source>Historical accuracy</source>
        <translation>Historische Genauigkeit</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="34"/>
        <source>Temporal consistency</source>
        <translation>Zeitliche Konsistenz</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="35"/>
        <source>Contextual recall</source>
        <translation>Kontextbezogenes Erinnern</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="36"/>
        <source>Event significance</source>
        <translation>Bedeutung von Ereignissen</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="37"/>
        <source>Research depth</source>
        <translation>Recherchetiefe</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="38"/>
        <source>Information synthesis</source>
        <translation>Informationssynthese</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="39"/>
        <source>Curiosity level</source>
        <translation>Grad der Neugier</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="40"/>
        <source>Knowledge relevance</source>
        <translation>Relevanz des Wissens</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="41"/>
        <source>Analytical clarity</source>
        <translation>Analytische Klarheit</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="42"/>
        <source>Logical reasoning</source>
        <translation>Logisches Denken</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="43"/>
        <source>Structured thinking</source>
        <translation>Strukturiertes Denken</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="44"/>
        <source>Actionability score</source>
        <translation>Umsetzbarkeitswert</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="45"/>
        <source>Risk awareness</source>
        <translation>Risikobewusstsein</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="46"/>
        <source>Caution level</source>
        <translation>Grad der Vorsicht</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="47"/>
        <source>Safety consideration</source>
        <translation>Sicherheitsabwägung</translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="48"/>
        <source>Mitigation strategy</source>
        <translation>Strategie zur Risikominderung</translation>
    </message>
</context>
<context>
    <name>ArchetypePriorityView</name>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="147"/>
        <source>Strategies</source>
        <translation>Strategien</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="164"/>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="164"/>
        <source>Start a new strategy from the weights shown</source>
        <translation>Neue Strategie aus den angezeigten Gewichten beginnen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="165"/>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="165"/>
        <source>Save the strategy (the weights must add up to 1)</source>
        <translation>Strategie speichern (die Gewichte müssen sich zu 1 summieren)</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="166"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="166"/>
        <source>Delete the chosen strategy</source>
        <translation>Gewählte Strategie löschen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="167"/>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="207"/>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="168"/>
        <source>What the strategy would change in the ranking; writes nothing (a task)</source>
        <translation>Was die Strategie an der Rangfolge ändern würde; schreibt nichts (als Aufgabe)</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="169"/>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="170"/>
        <source>Recompute every stored priority under the strategy, as one batch that can be undone (a task)</source>
        <translation>Alle gespeicherten Prioritäten unter der Strategie neu berechnen, als ein Stapel, der rückgängig gemacht werden kann (als Aufgabe)</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="171"/>
        <source>Undo Apply</source>
        <translation>Anwenden rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="171"/>
        <source>Restore the priorities the last apply changed</source>
        <translation>Die Prioritäten wiederherstellen, die das letzte Anwenden geändert hat</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="196"/>
        <source>Preview a strategy to see how the top 1,000 would reorder.</source>
        <translation>Zeigen Sie die Vorschau einer Strategie, um zu sehen, wie sich die Top 1.000 neu ordnen würden.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="200"/>
        <source>Weighting strategies</source>
        <translation>Gewichtungsstrategien</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="216"/>
        <source>Priority floor</source>
        <translation>Prioritätsuntergrenze</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="221"/>
        <source>The pruning floor: memories under it are candidates for pruning</source>
        <translation>Die Bereinigungsgrenze: Erinnerungen darunter sind Kandidaten für die Bereinigung</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="223"/>
        <source>Within days</source>
        <translation>Innerhalb von Tagen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="226"/>
        <source> days</source>
        <translation> Tagen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="232"/>
        <source>Floor</source>
        <translation>Untergrenze</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="234"/>
        <source>within</source>
        <translation>innerhalb von</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="241"/>
        <source>Top Memories</source>
        <translation>Top-Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="244"/>
        <source>Falling Under the Floor</source>
        <translation>Unter die Untergrenze fallend</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="250"/>
        <source>Move up most</source>
        <translation>Größte Aufsteiger</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="251"/>
        <source>Move down most</source>
        <translation>Größte Absteiger</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="261"/>
        <source>Preview Moves</source>
        <translation>Bewegungen in der Vorschau</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="262"/>
        <source>Simulator</source>
        <translation>Simulator</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="321"/>
        <source>No apply to undo</source>
        <translation>Nichts rückgängig zu machen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="322"/>
        <source>Restore the priorities as they were before “%1” was applied</source>
        <translation>Die Prioritäten wie vor dem Anwenden von „%1“ wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="340"/>
        <source>Could not load the strategies: %1</source>
        <translation>Strategien konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="397"/>
        <source>Could not rank the memories: %1</source>
        <translation>Rangfolge der Erinnerungen konnte nicht berechnet werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="406"/>
        <source>%1 memories: %2 long-term (%3), %4 core (%5); %6 fall under %7 within %n days.</source>
        <translation>
            <numerusform>%1 Erinnerungen: %2 langfristig (%3), %4 Kern (%5); %6 fallen innerhalb von %n Tag unter %7.</numerusform>
            <numerusform>%1 Erinnerungen: %2 langfristig (%3), %4 Kern (%5); %6 fallen innerhalb von %n Tagen unter %7.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="412"/>
        <source>Falling Under the Floor (%1)</source>
        <translation>Unter die Untergrenze fallend (%1)</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="429"/>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="433"/>
        <source>Change the weights and the name, then Save.</source>
        <translation>Ändern Sie Gewichte und Namen und klicken Sie dann auf Speichern.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="452"/>
        <source>Could not save the strategy: %1</source>
        <translation>Strategie konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="456"/>
        <source>Saved “%1”.</source>
        <translation>„%1“ gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="473"/>
        <source>Could not delete the strategy: %1</source>
        <translation>Strategie konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="476"/>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="490"/>
        <source>Previewing “%1”…</source>
        <translation>Vorschau von „%1“…</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="499"/>
        <source>Could not preview: %1</source>
        <translation>Vorschau fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="505"/>
        <source>“%1” against today&apos;s ranking of the top %2: Kendall&apos;s τ %3. %4 memories would fall under the floor of %5, %6 would rise above it.</source>
        <translation>„%1“ gegenüber der heutigen Rangfolge der Top %2: Kendall&apos;s τ %3. %4 Erinnerungen würden unter die Untergrenze von %5 fallen, %6 würden darüber steigen.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="531"/>
        <source>Could not apply “%1”: %2</source>
        <translation>„%1“ konnte nicht angewendet werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="539"/>
        <source>Applied “%1”: the stored priorities are recomputed. Undo Apply restores them.</source>
        <translation>„%1“ angewendet: Die gespeicherten Prioritäten sind neu berechnet. „Anwenden rückgängig“ stellt sie wieder her.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="561"/>
        <source>Could not undo: %1</source>
        <translation>Rückgängig machen fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="566"/>
        <source>Restored %Ln priorities as they were before “%1”.</source>
        <translation>
            <numerusform>%Ln Priorität wie vor „%1“ wiederhergestellt.</numerusform>
            <numerusform>%Ln Prioritäten wie vor „%1“ wiederhergestellt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchetypeSeriesChart</name>
    <message>
        <location filename="../ui/archetypes/archetypeserieschart.cpp" line="77"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeserieschart.cpp" line="95"/>
        <source>%1: evaluations, mean ± SD</source>
        <translation>%1: Bewertungen, Mittel ± SD</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeserieschart.cpp" line="106"/>
        <source>%1: daily mean ± SD</source>
        <translation>%1: Tagesmittel ± SD</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeserieschart.cpp" line="124"/>
        <source>%1: state</source>
        <translation>%1: Zustand</translation>
    </message>
</context>
<context>
    <name>ArchetypeSeriesView</name>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="42"/>
        <source>Overlay</source>
        <translation>Überlagern</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="55"/>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="56"/>
        <source>Draw a second series over the first: another archetype, or another metric</source>
        <translation>Eine zweite Reihe über die erste zeichnen: ein anderer Archetyp oder eine andere Metrik</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="67"/>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="71"/>
        <source>Show All</source>
        <translation>Alles zeigen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="72"/>
        <source>Undo the zoom: drag across the chart to zoom into a period</source>
        <translation>Zoom zurücksetzen: Ziehen Sie über das Diagramm, um in einen Zeitraum zu zoomen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="54"/>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="82"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="84"/>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="90"/>
        <source>Solid: the archetype&apos;s state history. Dashed with a band: the daily mean of the evaluations and one standard deviation either side, so a gap in the state history does not hide them. Drag across the chart to zoom.</source>
        <translation>Durchgezogen: die Zustandsgeschichte des Archetyps. Gestrichelt mit Band: das Tagesmittel der Bewertungen und eine Standardabweichung zu beiden Seiten, damit eine Lücke in der Zustandsgeschichte sie nicht verbirgt. Ziehen Sie über das Diagramm, um zu zoomen.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="191"/>
        <source>Could not load the time series: %1</source>
        <translation>Zeitreihe konnte nicht geladen werden: %1</translation>
    </message>
</context>
<context>
    <name>ArchetypeStateCard</name>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="29"/>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="104"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="33"/>
        <source>%1: %2 (%3 in %n days)</source>
        <translation>
            <numerusform>%1: %2 (%3 in %n Tag)</numerusform>
            <numerusform>%1: %2 (%3 in %n Tagen)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="36"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="38"/>
        <source>Influence: %1</source>
        <translation>Einfluss: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="39"/>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="175"/>
        <source>%Ln evaluations in the window</source>
        <translation>
            <numerusform>%Ln Bewertung im Fenster</numerusform>
            <numerusform>%Ln Bewertungen im Fenster</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="41"/>
        <source>No state from before the window, so no change to show.</source>
        <translation>Kein Zustand von vor dem Fenster, daher keine Änderung anzuzeigen.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="100"/>
        <source>moved most</source>
        <translation>am stärksten bewegt</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="127"/>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="170"/>
        <source>Influence</source>
        <translation>Einfluss</translation>
    </message>
</context>
<context>
    <name>ArchetypeStateView</name>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypestateview.cpp" line="25"/>
        <source>last %n days</source>
        <translation>
            <numerusform>den letzten %n Tag</numerusform>
            <numerusform>die letzten %n Tage</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestateview.cpp" line="32"/>
        <source>Change over the</source>
        <translation>Änderung über</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestateview.cpp" line="90"/>
        <source>Could not load the archetypes&apos; state: %1</source>
        <translation>Zustand der Archetypen konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestateview.cpp" line="111"/>
        <source>No archetype has a state from before the window, so none shows a change.</source>
        <translation>Kein Archetyp hat einen Zustand von vor dem Fenster, daher zeigt keiner eine Änderung.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypestateview.cpp" line="118"/>
        <source>%1 moved most in the last %n days: %2 %3 → %4 (%5).</source>
        <translation>
            <numerusform>%1 hat sich in %n Tag am stärksten bewegt: %2 %3 → %4 (%5).</numerusform>
            <numerusform>%1 hat sich in den letzten %n Tagen am stärksten bewegt: %2 %3 → %4 (%5).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchetypesPage</name>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="55"/>
        <source>Current archetype state</source>
        <translation>Aktueller Zustand der Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="62"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="38"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="39"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="61"/>
        <source>Archetype states</source>
        <translation>Archetyp-Zustände</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="62"/>
        <location filename="../ui/archetypes/archetypespage.cpp" line="177"/>
        <source>Influence</source>
        <translation>Einfluss</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="62"/>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="62"/>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="78"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="81"/>
        <source>History of the last 90 days for</source>
        <translation>Verlauf der letzten 90 Tage für</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="128"/>
        <source>Could not load the archetype states: %1</source>
        <translation>Die Archetyp-Zustände konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="149"/>
        <source>Could not load the history of %1: %2</source>
        <translation>Der Verlauf von %1 konnte nicht geladen werden: %2</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <location filename="../services/db/auditlog.cpp" line="24"/>
        <source>Loading the audit history</source>
        <translation>Laden des Audit-Verlaufs</translation>
    </message>
    <message>
        <location filename="../services/db/auditlog.cpp" line="49"/>
        <source>Loading the memory&apos;s batches</source>
        <translation>Laden der Stapel der Erinnerung</translation>
    </message>
</context>
<context>
    <name>BiasLexicon</name>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="49"/>
        <source>The built-in bias word lists are missing from this build.</source>
        <translation>Die eingebauten Bias-Wortlisten fehlen in diesem Build.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="58"/>
        <source>The bias word lists are not valid JSON: %1</source>
        <translation>Die Bias-Wortlisten sind kein gültiges JSON: %1</translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="65"/>
        <source>Every bias word list needs a category and its source.</source>
        <translation>Jede Bias-Wortliste benötigt eine Kategorie und ihre Quelle.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="69"/>
        <source>The list %1 has an empty term.</source>
        <translation>Die Liste %1 enthält einen leeren Begriff.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="74"/>
        <source>The bias word lists hold no terms.</source>
        <translation>Die Bias-Wortlisten enthalten keine Begriffe.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="123"/>
        <source>Remove or rephrase the marked age-coded or exclusionary wording: describe the skills and experience the work needs instead.</source>
        <translation>Entfernen oder formulieren Sie die markierten altersbezogenen oder ausgrenzenden Formulierungen um: Beschreiben Sie stattdessen die Fähigkeiten und Erfahrungen, die die Arbeit erfordert.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="127"/>
        <source>The wording leans masculine-coded; balance it with neutral or feminine-coded words (Gaucher et al. 2011 found such wording deters women from applying).</source>
        <translation>Die Formulierung ist eher männlich konnotiert; gleichen Sie sie mit neutralen oder weiblich konnotierten Wörtern aus (Gaucher et al. 2011 stellten fest, dass solche Formulierungen Frauen von einer Bewerbung abhalten).</translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="129"/>
        <source>The wording leans feminine-coded; balance it with neutral wording.</source>
        <translation>Die Formulierung ist eher weiblich konnotiert; gleichen Sie sie mit neutralen Formulierungen aus.</translation>
    </message>
</context>
<context>
    <name>BiasQueueModel</name>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="48"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="50"/>
        <source>Freelancer profile</source>
        <translation>Freelancer-Profil</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="52"/>
        <source>Review</source>
        <translation>Rezension</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="59"/>
        <source>Not checked</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="61"/>
        <source>No bias found</source>
        <translation>Kein Bias gefunden</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="63"/>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="65"/>
        <source>Accepted</source>
        <translation>Akzeptiert</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="67"/>
        <source>Dismissed</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="69"/>
        <source>Edit requested</source>
        <translation>Überarbeitung angefordert</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="76"/>
        <source>Masculine-coded</source>
        <translation>Männlich konnotiert</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="78"/>
        <source>Feminine-coded</source>
        <translation>Weiblich konnotiert</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="80"/>
        <source>Age-coded</source>
        <translation>Altersbezogen</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="82"/>
        <source>Exclusionary</source>
        <translation>Ausgrenzend</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="129"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="155"/>
        <source>The last scan failed, so this text is not checked: %1</source>
        <translation>Der letzte Scan ist fehlgeschlagen, daher ist dieser Text nicht geprüft: %1</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="179"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="181"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="183"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="185"/>
        <source>Categories</source>
        <translation>Kategorien</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="187"/>
        <source>Spans</source>
        <translation>Textstellen</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="189"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="191"/>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="193"/>
        <source>Detector</source>
        <translation>Detektor</translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="195"/>
        <source>Decided</source>
        <translation>Entschieden</translation>
    </message>
</context>
<context>
    <name>BiasQueuePage</name>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="40"/>
        <source>Accept</source>
        <translation>Akzeptieren</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="41"/>
        <source>Dismiss</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="42"/>
        <source>Request an Edit</source>
        <translation>Überarbeitung anfordern</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="52"/>
        <source>Bias queue</source>
        <translation>Bias-Warteschlange</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="94"/>
        <source>Jobs, profiles and reviews</source>
        <translation>Aufträge, Profile und Rezensionen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="97"/>
        <source>Any category</source>
        <translation>Beliebige Kategorie</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="101"/>
        <source>Any state</source>
        <translation>Beliebiger Status</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="111"/>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="115"/>
        <source>Scan with the Lexicon</source>
        <translation>Mit dem Lexikon scannen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="112"/>
        <source>Mark gender-coded, age-coded and exclusionary wording in the texts of the chosen kind</source>
        <translation>Geschlechtlich konnotierte, altersbezogene und ausgrenzende Formulierungen in den Texten der gewählten Art markieren</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="117"/>
        <source>Scan with the Lexicon and the LLM</source>
        <translation>Mit dem Lexikon und dem LLM scannen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="138"/>
        <source>Memory text</source>
        <translation>Text der Erinnerung</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="146"/>
        <source>Decision note</source>
        <translation>Notiz zur Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="147"/>
        <source>Note for the decision (what to change, or why it is fine)</source>
        <translation>Notiz zur Entscheidung (was geändert werden soll oder warum es in Ordnung ist)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="149"/>
        <source>The finding is right: the text is biased as marked</source>
        <translation>Der Befund trifft zu: Der Text enthält Bias wie markiert</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="150"/>
        <source>The finding is wrong: the wording is fine here</source>
        <translation>Der Befund trifft nicht zu: Die Formulierung ist hier in Ordnung</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="151"/>
        <source>Ask the author to change the marked wording; the note says how</source>
        <translation>Den Autor bitten, die markierte Formulierung zu ändern; die Notiz sagt, wie</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="211"/>
        <source>Could not load the bias queue: %1</source>
        <translation>Die Bias-Warteschlange konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="228"/>
        <source>The scan stopped: %1</source>
        <translation>Der Scan wurde angehalten: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/biasqueuepage.cpp" line="232"/>
        <source>Scanned %n texts.</source>
        <translation>
            <numerusform>%n Text gescannt.</numerusform>
            <numerusform>%n Texte gescannt.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="275"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="280"/>
        <source>No text matches the filters.</source>
        <translation>Kein Text passt zu den Filtern.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="290"/>
        <source>Not checked yet: scan to check this text.</source>
        <translation>Noch nicht geprüft: Scannen Sie, um diesen Text zu prüfen.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="291"/>
        <source>Not checked: the last scan failed (%1). It is not treated as free of bias.</source>
        <translation>Nicht geprüft: Der letzte Scan ist fehlgeschlagen (%1). Der Text gilt nicht als frei von Bias.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="295"/>
        <source>Score %1, confidence %2, by %3.</source>
        <translation>Score %1, Konfidenz %2, von %3.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="327"/>
        <source>Sources: %1</source>
        <translation>Quellen: %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="330"/>
        <source>Recommendation:</source>
        <translation>Empfehlung:</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="333"/>
        <source>Decided by %1: %2</source>
        <translation>Entschieden von %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="350"/>
        <source>Say in the note what should change before requesting an edit.</source>
        <translation>Geben Sie in der Notiz an, was geändert werden soll, bevor Sie eine Überarbeitung anfordern.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="357"/>
        <source>The decision was not saved: %1</source>
        <translation>Die Entscheidung wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="362"/>
        <source>Decision saved.</source>
        <translation>Entscheidung gespeichert.</translation>
    </message>
</context>
<context>
    <name>BiasStore</name>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="120"/>
        <source>&quot;%1&quot; is not an entity type (job, user or review).</source>
        <translation>„%1“ ist kein Entitätstyp (job, user oder review).</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="137"/>
        <source>Reading the bias queue</source>
        <translation>Lesen der Bias-Warteschlange</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="162"/>
        <location filename="../services/fairness/biasstore.cpp" line="185"/>
        <source>Writing bias reports</source>
        <translation>Schreiben der Bias-Berichte</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="196"/>
        <source>A bias report is accepted, dismissed or sent back for an edit, not &quot;%1&quot;.</source>
        <translation>Ein Bias-Bericht wird akzeptiert, verworfen oder zur Überarbeitung zurückgeschickt, nicht „%1“.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="198"/>
        <source>Say in the note what should be changed when asking for an edit.</source>
        <translation>Geben Sie in der Notiz an, was geändert werden soll, wenn Sie eine Überarbeitung anfordern.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="200"/>
        <source>A decision needs the name of who made it.</source>
        <translation>Eine Entscheidung benötigt den Namen der Person, die sie getroffen hat.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="208"/>
        <source>Reading the bias report</source>
        <translation>Lesen des Bias-Berichts</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="210"/>
        <source>There is no bias report with this id.</source>
        <translation>Es gibt keinen Bias-Bericht mit dieser ID.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="229"/>
        <source>Recording the bias decision</source>
        <translation>Speichern der Bias-Entscheidung</translation>
    </message>
</context>
<context>
    <name>Builder</name>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="70"/>
        <source>only one document per file is supported.</source>
        <translation>nur ein Dokument je Datei wird unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="73"/>
        <source>aliases (*) are not supported.</source>
        <translation>Aliase (*) werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="103"/>
        <source>YAML line %1: %2</source>
        <translation>YAML-Zeile %1: %2</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="111"/>
        <source>anchors (&amp;) are not supported.</source>
        <translation>Anker (&amp;) werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="113"/>
        <source>tags (!) are not supported.</source>
        <translation>Tags (!) werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="115"/>
        <source>the document has more than %L1 values.</source>
        <translation>Das Dokument enthält mehr als %L1 Werte.</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="130"/>
        <source>merge keys (&lt;&lt;) are not supported.</source>
        <translation>Merge-Schlüssel (&lt;&lt;) werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="132"/>
        <source>the key &quot;%1&quot; appears twice.</source>
        <translation>Der Schlüssel „%1“ kommt doppelt vor.</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="141"/>
        <source>complex mapping keys (a list or mapping as a key) are not supported.</source>
        <translation>komplexe Schlüssel (eine Liste oder Zuordnung als Schlüssel) werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="145"/>
        <source>values are nested deeper than %1 levels.</source>
        <translation>Die Werte sind tiefer als %1 Ebenen verschachtelt.</translation>
    </message>
</context>
<context>
    <name>BulkEmbedding</name>
    <message>
        <location filename="../services/memories/bulkembedding.cpp" line="47"/>
        <source>Re-embed selected memories</source>
        <translation>Ausgewählte Erinnerungen neu einbetten</translation>
    </message>
    <message>
        <location filename="../services/memories/bulkembedding.cpp" line="47"/>
        <source>Embed memories</source>
        <translation>Erinnerungen einbetten</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/bulkembedding.cpp" line="133"/>
        <source>%1 of %Ln memories embedded</source>
        <translation>
            <numerusform>%1 von %Ln Erinnerung eingebettet</numerusform>
            <numerusform>%1 von %Ln Erinnerungen eingebettet</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/memories/bulkembedding.cpp" line="140"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>BulkEvaluation</name>
    <message>
        <location filename="../services/archetypes/bulkevaluation.cpp" line="63"/>
        <source>An evaluation run is already going.</source>
        <translation>Es läuft bereits ein Bewertungslauf.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/bulkevaluation.cpp" line="73"/>
        <source>Evaluate memories</source>
        <translation>Erinnerungen bewerten</translation>
    </message>
    <message>
        <location filename="../services/archetypes/bulkevaluation.cpp" line="76"/>
        <source>Finding memories to evaluate…</source>
        <translation>Zu bewertende Erinnerungen werden gesucht…</translation>
    </message>
    <message>
        <location filename="../services/archetypes/bulkevaluation.cpp" line="106"/>
        <source>The evaluation was cancelled.</source>
        <translation>Die Bewertung wurde abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/bulkevaluation.cpp" line="207"/>
        <source>%1 of %Ln memories evaluated, %2 failed validation</source>
        <translation>
            <numerusform>%1 von %Ln Erinnerung bewertet, %2 haben die Validierung nicht bestanden</numerusform>
            <numerusform>%1 von %Ln Erinnerungen bewertet, %2 haben die Validierung nicht bestanden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CircuitBreaker</name>
    <message>
        <location filename="../services/ai/circuitbreaker.cpp" line="86"/>
        <source>OpenAI: available</source>
        <translation>OpenAI: verfügbar</translation>
    </message>
    <message>
        <location filename="../services/ai/circuitbreaker.cpp" line="88"/>
        <source>OpenAI: paused after repeated failures</source>
        <translation>OpenAI: nach wiederholten Fehlern pausiert</translation>
    </message>
    <message>
        <location filename="../services/ai/circuitbreaker.cpp" line="90"/>
        <source>OpenAI: trying again</source>
        <translation>OpenAI: neuer Versuch</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="35"/>
        <source>embed takes no arguments.</source>
        <translation>embed erwartet keine Argumente.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="39"/>
        <source>--chunk needs a whole number from 1 to 4096.</source>
        <translation>--chunk braucht eine ganze Zahl von 1 bis 4096.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="57"/>
        <location filename="../app/cli/cliaicommands.cpp" line="115"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="61"/>
        <source>%1 memories were embedded before it; a rerun continues with the rest.</source>
        <translation>%1 Erinnerungen wurden vorher eingebettet; ein erneuter Lauf setzt mit dem Rest fort.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="65"/>
        <source>Cancelled after %1 of %2 memories; they keep their embeddings, and a rerun continues with the rest.</source>
        <translation>Abgebrochen nach %1 von %2 Erinnerungen; sie behalten ihre Embeddings, und ein erneuter Lauf setzt mit dem Rest fort.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="70"/>
        <source>Embedded %1 memories with %2 (%3) in %4 s; none lacks an embedding from it now.</source>
        <translation>%1 Erinnerungen mit %2 (%3) in %4 s eingebettet; keine ist jetzt mehr ohne Embedding dieses Modells.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="81"/>
        <source>evaluate takes no arguments.</source>
        <translation>evaluate erwartet keine Argumente.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="85"/>
        <source>--in-flight needs a whole number from 1 to 64.</source>
        <translation>--in-flight braucht eine ganze Zahl von 1 bis 64.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="93"/>
        <source>Evaluating memories needs a chat model: set an OpenAI-compatible endpoint in the window (Settings → AI). The offline embedder cannot evaluate.</source>
        <translation>Das Bewerten von Erinnerungen braucht ein Chat-Modell: Legen Sie im Fenster einen OpenAI-kompatiblen Endpunkt fest (Einstellungen → KI). Der Offline-Embedder kann nicht bewerten.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="116"/>
        <source>%1 of %2 memories evaluated with %3 (prompt %4), %5 failed validation twice, %6 requests, %7 + %8 tokens</source>
        <translation>%1 von %2 Erinnerungen mit %3 (Prompt %4) bewertet, %5 zweimal an der Validierung gescheitert, %6 Anfragen, %7 + %8 Tokens</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="130"/>
        <source>Cancelled: %1. Every memory evaluated so far is kept; a rerun continues with the rest.</source>
        <translation>Abgebrochen: %1. Jede bisher bewertete Erinnerung bleibt erhalten; ein erneuter Lauf setzt mit dem Rest fort.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="147"/>
        <source>Embed the memories that lack an embedding.</source>
        <translation>Erinnerungen ohne Embedding einbetten.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="148"/>
        <source>Embeds every memory that has no embedding from the current model: the OpenAI-compatible endpoint the window was set to (Settings → AI; API key from the keychain or OPENAI_API_KEY), or the offline embedder. Works in chunks, each written in one transaction: after Ctrl+C or an error every memory is either embedded or untouched, and a rerun continues where the last one stopped.</source>
        <translation>Bettet jede Erinnerung ein, die kein Embedding des aktuellen Modells hat: über den OpenAI-kompatiblen Endpunkt, auf den das Fenster eingestellt wurde (Einstellungen → KI; API-Schlüssel aus dem Schlüsselbund oder OPENAI_API_KEY), oder mit dem Offline-Embedder. Arbeitet in Blöcken, jeder in einer Transaktion geschrieben: Nach Strg+C oder einem Fehler ist jede Erinnerung entweder eingebettet oder unberührt, und ein erneuter Lauf setzt dort fort, wo der letzte aufgehört hat.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="154"/>
        <source>Use the offline embedder whatever the settings say.</source>
        <translation>Den Offline-Embedder verwenden, unabhängig von den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="155"/>
        <source>Memories per request and transaction.</source>
        <translation>Erinnerungen pro Anfrage und Transaktion.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="163"/>
        <source>Evaluate the memories that lack archetype evaluations.</source>
        <translation>Erinnerungen ohne Archetyp-Bewertungen bewerten.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="164"/>
        <source>Asks the chat model of the endpoint the window was set to (Settings → AI; API key from the keychain or OPENAI_API_KEY) for the archetype evaluations of every unarchived memory that lacks them for this model and prompt version, a few at a time. Each memory is written in its own transaction: after Ctrl+C or an error every memory is either fully evaluated or untouched, and a rerun continues with the rest. Answers that fail validation twice are recorded as failures for the Archetypes page.</source>
        <translation>Fragt das Chat-Modell des Endpunkts, auf den das Fenster eingestellt wurde (Einstellungen → KI; API-Schlüssel aus dem Schlüsselbund oder OPENAI_API_KEY), nach den Archetyp-Bewertungen jeder nicht archivierten Erinnerung, der sie für dieses Modell und diese Prompt-Version fehlen, jeweils einige auf einmal. Jede Erinnerung wird in einer eigenen Transaktion geschrieben: Nach Strg+C oder einem Fehler ist jede Erinnerung entweder vollständig bewertet oder unberührt, und ein erneuter Lauf setzt mit dem Rest fort. Antworten, die zweimal an der Validierung scheitern, werden als Fehlschläge für die Seite Archetypen erfasst.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="171"/>
        <source>The chat model; the endpoint&apos;s setting when left out.</source>
        <translation>Das Chat-Modell; ohne Angabe die Einstellung des Endpunkts.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="173"/>
        <source>Memories evaluated at the same time.</source>
        <translation>Gleichzeitig bewertete Erinnerungen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clicontext.cpp" line="76"/>
        <source>There is no workspace file %1. Create one with `sextant-cli demo --output %1` or in the window (File → New Workspace).</source>
        <translation>Es gibt keine Arbeitsbereichsdatei %1. Erstellen Sie eine mit `sextant-cli demo --output %1` oder im Fenster (Datei → Neuer Arbeitsbereich).</translation>
    </message>
    <message>
        <location filename="../app/cli/clicontext.cpp" line="86"/>
        <source>From the command line: `sextant-cli migrate`.</source>
        <translation>Von der Kommandozeile: `sextant-cli migrate`.</translation>
    </message>
    <message>
        <location filename="../app/cli/clicontext.cpp" line="114"/>
        <source>The workspace could not be opened.</source>
        <translation>Der Arbeitsbereich konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="100"/>
        <location filename="../app/cli/clicontext.cpp" line="176"/>
        <source>Try `sextant-cli %1 --help`.</source>
        <translation>Versuchen Sie `sextant-cli %1 --help`.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="37"/>
        <source>demo takes no arguments; name the file with --output.</source>
        <translation>demo erwartet keine Argumente; geben Sie die Datei mit --output an.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="95"/>
        <location filename="../app/cli/clidemocommands.cpp" line="42"/>
        <source>--seed needs a whole number.</source>
        <translation>--seed braucht eine ganze Zahl.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="45"/>
        <source>--memories needs a positive whole number.</source>
        <translation>--memories braucht eine positive ganze Zahl.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="50"/>
        <source>Choose one: --output FILE writes a demo workspace file, --publish writes the demo data set into the --connect or --profile server database.</source>
        <translation>Wählen Sie eines: --output FILE schreibt eine Demo-Arbeitsbereichsdatei, --publish schreibt den Demo-Datensatz in die Serverdatenbank von --connect oder --profile.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="53"/>
        <source>--publish needs a server: --connect CONNECTION or --profile NAME.</source>
        <translation>--publish braucht einen Server: --connect CONNECTION oder --profile NAME.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="56"/>
        <source>%1 exists already; add --force to replace it.</source>
        <translation>%1 existiert bereits; fügen Sie --force hinzu, um die Datei zu ersetzen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="63"/>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="72"/>
        <source>Publish</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="83"/>
        <source>Wrote %1, %2, %3 and %4 to %5 in %6 s.</source>
        <translation>%1, %2, %3 und %4 in %6 s nach %5 geschrieben.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/clidemocommands.cpp" line="84"/>
        <source>%n memories</source>
        <translation>
            <numerusform>%n Erinnerung</numerusform>
            <numerusform>%n Erinnerungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/clidemocommands.cpp" line="85"/>
        <source>%n evaluations</source>
        <translation>
            <numerusform>%n Bewertung</numerusform>
            <numerusform>%n Bewertungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/clidemocommands.cpp" line="86"/>
        <source>%n jobs</source>
        <translation>
            <numerusform>%n Auftrag</numerusform>
            <numerusform>%n Aufträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/clidemocommands.cpp" line="87"/>
        <source>%n freelancers</source>
        <translation>
            <numerusform>%n Freelancer</numerusform>
            <numerusform>%n Freelancer</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="97"/>
        <source>Generate a demo workspace file or publish the demo data to a server.</source>
        <translation>Demo-Arbeitsbereichsdatei erzeugen oder die Demodaten auf einem Server veröffentlichen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="99"/>
        <source>Generates the deterministic demo data set: memories with evaluations and links, freelancers, jobs, proposals, reviews and bias reports. With --output it writes a new SQLite workspace file (written beside it and renamed when complete); with --publish it writes the data set into the --connect or --profile database, which must be empty, in one transaction.</source>
        <translation>Erzeugt den deterministischen Demo-Datensatz: Erinnerungen mit Bewertungen und Verknüpfungen, Freelancer, Aufträge, Vorschläge, Rezensionen und Bias-Berichte. Mit --output wird eine neue SQLite-Arbeitsbereichsdatei geschrieben (daneben geschrieben und nach Abschluss umbenannt); mit --publish wird der Datensatz in einer Transaktion in die Datenbank von --connect oder --profile geschrieben, die leer sein muss.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="105"/>
        <source>Write a new workspace file here.</source>
        <translation>Neue Arbeitsbereichsdatei hierhin schreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="106"/>
        <source>Replace the --output file if it exists.</source>
        <translation>Die --output-Datei ersetzen, falls sie existiert.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="107"/>
        <source>Write into the server database instead.</source>
        <translation>Stattdessen in die Serverdatenbank schreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="108"/>
        <source>With --publish: create the schema first.</source>
        <translation>Mit --publish: zuerst das Schema anlegen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="110"/>
        <source>How many memories.</source>
        <translation>Wie viele Erinnerungen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="111"/>
        <source>Seed of the generator.</source>
        <translation>Seed des Generators.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="77"/>
        <source>fairness-report needs exactly one FILE (.pdf, .html or .csv).</source>
        <translation>fairness-report braucht genau ein FILE (.pdf, .html oder .csv).</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="81"/>
        <source>--format is pdf, html or csv; without it the FILE&apos;s extension decides.</source>
        <translation>--format ist pdf, html oder csv; ohne Angabe entscheidet die Endung von FILE.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="88"/>
        <source>Name one or two --attribute (two: their intersection).</source>
        <translation>Geben Sie ein oder zwei --attribute an (zwei: deren Schnittmenge).</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="92"/>
        <source>--stage is proposed, shown_top_k, approved_l1, final_decision, applied or hired.</source>
        <translation>--stage ist proposed, shown_top_k, approved_l1, final_decision, applied oder hired.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="96"/>
        <source>--reference is highest_rate, largest or chosen.</source>
        <translation>--reference ist highest_rate, largest oder chosen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="100"/>
        <source>--group names the reference group, with --reference chosen and only then.</source>
        <translation>--group benennt die Referenzgruppe, nur zusammen mit --reference chosen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="104"/>
        <source>--from and --to take a date such as 2026-11-30.</source>
        <translation>--from und --to erwarten ein Datum wie 2026-11-30.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="110"/>
        <source>--min-group-size needs a positive whole number.</source>
        <translation>--min-group-size braucht eine positive ganze Zahl.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="113"/>
        <source>--top-k needs a positive whole number.</source>
        <translation>--top-k braucht eine positive ganze Zahl.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="120"/>
        <source>Fairness report</source>
        <translation>Fairness-Bericht</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="127"/>
        <source>The report was saved in the workspace as %1.</source>
        <translation>Der Bericht wurde im Arbeitsbereich als %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="135"/>
        <source>Wrote the fairness report %1 to %2: at “%3” no group has at least %4 members, so nothing is compared there.</source>
        <translation>Fairness-Bericht %1 nach %2 geschrieben: Bei „%3“ hat keine Gruppe mindestens %4 Mitglieder, daher wird dort nichts verglichen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="139"/>
        <source>Wrote the fairness report %1 to %2: %3 groups at “%4”, reference “%5”, %6 outside the four-fifths band, %7 suppressed.</source>
        <translation>Fairness-Bericht %1 nach %2 geschrieben: %3 Gruppen bei „%4“, Referenz „%5“, %6 außerhalb des Vier-Fünftel-Bands, %7 unterdrückt.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="162"/>
        <source>bias-scan takes no arguments.</source>
        <translation>bias-scan erwartet keine Argumente.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="166"/>
        <source>--entity is job, user or review.</source>
        <translation>--entity ist job, user oder review.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="171"/>
        <source>Bias scan</source>
        <translation>Bias-Scan</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="181"/>
        <source>Checked %1 texts with the word lists in %2 s; %3 are flagged for review.</source>
        <translation>%1 Texte in %2 s mit den Wortlisten geprüft; %3 sind zur Prüfung markiert.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="195"/>
        <source>Check job, profile and review texts for biased wording.</source>
        <translation>Auftrags-, Profil- und Rezensionstexte auf voreingenommene Formulierungen prüfen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="196"/>
        <source>Checks the texts of jobs, freelancer profiles and reviews (or one --entity type) with the built-in word lists and writes one bias report per text, flagged or clean, for the Fairness page&apos;s review queue. The reports are written a hundred at a time: after Ctrl+C the texts already checked keep their new report.</source>
        <translation>Prüft die Texte von Aufträgen, Freelancer-Profilen und Rezensionen (oder eines --entity-Typs) mit den eingebauten Wortlisten und schreibt je Text einen Bias-Bericht, markiert oder unauffällig, für die Prüfwarteschlange der Seite Fairness. Die Berichte werden jeweils hundert auf einmal geschrieben: Nach Strg+C behalten die bereits geprüften Texte ihren neuen Bericht.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="202"/>
        <source>job, user or review; all three when left out.</source>
        <translation>job, user oder review; ohne Angabe alle drei.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="209"/>
        <source>Outcome and ranking fairness report as PDF, HTML or CSV.</source>
        <translation>Fairness-Bericht zu Ergebnissen und Ranking als PDF, HTML oder CSV.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="210"/>
        <source>Counts the outcomes of the matching pipeline per group of an attribute (the freelancer&apos;s region or an audit attribute such as age_band or gender) at one stage beside the others, compares each group with the reference group (selection rate, impact ratio with the four-fifths rule, parity difference, Fisher or chi-square with Holm&apos;s correction, equal opportunity), adds the ranking exposure, saves the report in the workspace and writes it to FILE. Groups smaller than --min-group-size are suppressed. On a server only reviewers and administrators may read audit attributes.</source>
        <translation>Zählt die Ergebnisse der Matching-Pipeline je Gruppe eines Attributs (die Region des Freelancers oder ein Audit-Attribut wie age_band oder gender) in einer Stufe neben den anderen, vergleicht jede Gruppe mit der Referenzgruppe (Auswahlrate, Impact Ratio mit der Vier-Fünftel-Regel, Paritätsdifferenz, Fisher oder Chi-Quadrat mit Holm-Korrektur, Chancengleichheit), ergänzt die Ranking-Exposition, speichert den Bericht im Arbeitsbereich und schreibt ihn nach FILE. Gruppen kleiner als --min-group-size werden unterdrückt. Auf einem Server dürfen nur Prüfer und Administratoren Audit-Attribute lesen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="217"/>
        <source>Where to write: .pdf, .html or .csv.</source>
        <translation>Zielort: .pdf, .html oder .csv.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="220"/>
        <source>region or an audit attribute; twice for an intersection. Default: region.</source>
        <translation>region oder ein Audit-Attribut; zweimal für eine Schnittmenge. Standard: region.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="223"/>
        <source>proposed, shown_top_k, approved_l1, final_decision, applied or hired.</source>
        <translation>proposed, shown_top_k, approved_l1, final_decision, applied oder hired.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="225"/>
        <source>highest_rate, largest or chosen (with --group).</source>
        <translation>highest_rate, largest oder chosen (mit --group).</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="228"/>
        <source>The reference group for --reference chosen.</source>
        <translation>Die Referenzgruppe für --reference chosen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="230"/>
        <source>Proposals made on or after this day.</source>
        <translation>Vorschläge ab diesem Tag.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="232"/>
        <source>Proposals made on or before this day.</source>
        <translation>Vorschläge bis einschließlich dieses Tages.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="233"/>
        <source>Suppress groups with fewer people.</source>
        <translation>Gruppen mit weniger Personen unterdrücken.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="235"/>
        <source>The positions that count as shown.</source>
        <translation>Die Positionen, die als angezeigt zählen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="238"/>
        <source>Only this reviewer&apos;s decisions.</source>
        <translation>Nur die Entscheidungen dieses Prüfers.</translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="240"/>
        <source>pdf, html or csv; by the FILE&apos;s extension when left out.</source>
        <translation>pdf, html oder csv; ohne Angabe nach der Endung von FILE.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="14"/>
        <source>0 done; 1 failed (a missing file, a wrong connection string, a server that does not answer, bad data); 2 usage error; 3 refused by the database (the role lacks the privilege); 130 cancelled with Ctrl+C (the running transaction was rolled back).</source>
        <translation>0 erledigt; 1 fehlgeschlagen (fehlende Datei, falscher Verbindungsstring, Server antwortet nicht, fehlerhafte Daten); 2 Aufruffehler; 3 von der Datenbank abgelehnt (der Rolle fehlt die Berechtigung); 130 mit Strg+C abgebrochen (die laufende Transaktion wurde zurückgerollt).</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="21"/>
        <source>Progress goes to stderr: on a terminal one line with a bar, the rate and the time left; otherwise, and always with --json, one JSON object per line and step ({&quot;event&quot;:&quot;progress&quot;,&quot;percent&quot;:42,…}, ending with {&quot;event&quot;:&quot;finished&quot;}, &quot;failed&quot; or &quot;cancelled&quot;). The result goes to stdout: a sentence, or with --json one JSON object.</source>
        <translation>Der Fortschritt geht nach stderr: an einem Terminal eine Zeile mit Balken, Rate und Restzeit; sonst, und mit --json immer, ein JSON-Objekt pro Zeile und Schritt ({&quot;event&quot;:&quot;progress&quot;,&quot;percent&quot;:42,…}, abschließend {&quot;event&quot;:&quot;finished&quot;}, &quot;failed&quot; oder &quot;cancelled&quot;). Das Ergebnis geht nach stdout: ein Satz oder mit --json ein JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="29"/>
        <source>A server&apos;s password never comes from the command line (a connection string with a password is refused): it is taken from the keychain entry the window saved for the same user, host and database, then from PGPASSWORD, and when the server still asks, from a prompt on the terminal that does not echo.</source>
        <translation>Das Passwort eines Servers kommt nie von der Kommandozeile (ein Verbindungsstring mit Passwort wird abgelehnt): Es wird aus dem Schlüsselbundeintrag genommen, den das Fenster für denselben Benutzer, Host und dieselbe Datenbank gespeichert hat, dann aus PGPASSWORD, und wenn der Server dann noch fragt, aus einer Eingabeaufforderung am Terminal ohne Echo.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="37"/>
        <source>Without --workspace, --profile or --connect the subcommands work on the demo workspace the window opens, which is generated on first use.</source>
        <translation>Ohne --workspace, --profile oder --connect arbeiten die Unterbefehle mit dem Demo-Arbeitsbereich, den das Fenster öffnet und der bei der ersten Verwendung erzeugt wird.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="58"/>
        <source>Default: %1.</source>
        <translation>Standard: %1.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="141"/>
        <source>Progress as JSON lines on stderr and the result as one JSON object on stdout.</source>
        <translation>Fortschritt als JSON-Zeilen auf stderr und das Ergebnis als ein JSON-Objekt auf stdout.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="142"/>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="148"/>
        <source>Usage: sextant-cli &lt;command&gt; [options]</source>
        <translation>Aufruf: sextant-cli &lt;command&gt; [options]</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="149"/>
        <source>Sextant without its window: the workspace&apos;s nightly and scripted work. `sextant-cli &lt;command&gt; --help` describes one command.</source>
        <translation>Sextant ohne Fenster: die nächtlichen und skriptgesteuerten Arbeiten des Arbeitsbereichs. `sextant-cli &lt;command&gt; --help` beschreibt einen Befehl.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="152"/>
        <source>Commands:</source>
        <translation>Befehle:</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="155"/>
        <location filename="../app/cli/clihelp.cpp" line="175"/>
        <source>Options of every command:</source>
        <translation>Optionen aller Befehle:</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="156"/>
        <location filename="../app/cli/clihelp.cpp" line="208"/>
        <source>Show the version.</source>
        <translation>Version anzeigen.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="158"/>
        <location filename="../app/cli/clihelp.cpp" line="179"/>
        <source>Exit status:</source>
        <translation>Exit-Status:</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="165"/>
        <source>Usage: %1</source>
        <translation>Aufruf: %1</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="168"/>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="174"/>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="177"/>
        <location filename="../app/cli/clihelp.cpp" line="203"/>
        <source>Example:</source>
        <translation>Beispiel:</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="189"/>
        <source>Sextant&apos;s workspace work from the command line</source>
        <translation>Arbeiten am Sextant-Arbeitsbereich von der Kommandozeile</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="192"/>
        <source>Sextant without its window: the workspace&apos;s nightly and scripted work.</source>
        <translation>Sextant ohne Fenster: die nächtlichen und skriptgesteuerten Arbeiten des Arbeitsbereichs.</translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="206"/>
        <source>Every command takes these:</source>
        <translation>Jeder Befehl akzeptiert diese:</translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="66"/>
        <source>Cannot write the man page to “%1”.</source>
        <translation>Die Manpage kann nicht nach „%1“ geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="80"/>
        <source>Generate the demo workspace</source>
        <translation>Demo-Arbeitsbereich erzeugen</translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="170"/>
        <source>Name a command.</source>
        <translation>Geben Sie einen Befehl an.</translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="170"/>
        <source>Unknown command “%1”.</source>
        <translation>Unbekannter Befehl „%1“.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="43"/>
        <source>Cluster</source>
        <translation>Clustern</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="53"/>
        <source>map takes no arguments; name the files with --csv and --png.</source>
        <translation>map erwartet keine Argumente; geben Sie die Dateien mit --csv und --png an.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="57"/>
        <source>Name at least one file to write: --csv FILE, --png FILE.</source>
        <translation>Geben Sie mindestens eine zu schreibende Datei an: --csv FILE, --png FILE.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="60"/>
        <source>--size is WIDTHxHEIGHT in pixels, each 200 to 8000, such as 1600x1200.</source>
        <translation>--size ist WIDTHxHEIGHT in Pixeln, je 200 bis 8000, etwa 1600x1200.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="71"/>
        <source>--source is memories, freelancers or jobs.</source>
        <translation>--source ist memories, freelancers oder jobs.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="78"/>
        <source>--projection is neighbours or pca.</source>
        <translation>--projection ist neighbours oder pca.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="89"/>
        <source>--k needs a whole number of at least 2.</source>
        <translation>--k braucht eine ganze Zahl von mindestens 2.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="91"/>
        <source>--clustering is kmeans-auto, kmeans (with --k) or density.</source>
        <translation>--clustering ist kmeans-auto, kmeans (mit --k) oder density.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="102"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="127"/>
        <source>Map run %1 (%2%3): %4 points in %5 clusters, %6 noise points; wrote %7 in %8 s.</source>
        <translation>Kartenlauf %1 (%2%3): %4 Punkte in %5 Clustern, %6 Rauschpunkte; %7 in %8 s geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="129"/>
        <source>, reused: the data did not change</source>
        <translation>, wiederverwendet: Die Daten haben sich nicht geändert</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="148"/>
        <source>Cluster and lay out the embeddings; write the points as CSV and the map as PNG.</source>
        <translation>Embeddings clustern und anordnen; Punkte als CSV und Karte als PNG schreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="150"/>
        <source>Projects the embeddings of the memories (or freelancers, or jobs) to two dimensions, clusters them, names each cluster by its keywords and saves the run in the workspace, as the Map page does; an earlier run with the same parameters on unchanged data is reused. Writes every point (id, x, y, cluster, label) as CSV and the map with its cluster labels and legend as PNG.</source>
        <translation>Projiziert die Embeddings der Erinnerungen (oder Freelancer oder Aufträge) auf zwei Dimensionen, clustert sie, benennt jeden Cluster nach seinen Schlüsselwörtern und speichert den Lauf im Arbeitsbereich, wie es die Seite Karte tut; ein früherer Lauf mit denselben Parametern auf unveränderten Daten wird wiederverwendet. Schreibt jeden Punkt (id, x, y, cluster, label) als CSV und die Karte mit Cluster-Beschriftungen und Legende als PNG.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="155"/>
        <source>Write the points here.</source>
        <translation>Punkte hierhin schreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="156"/>
        <source>Write the picture here.</source>
        <translation>Bild hierhin schreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="157"/>
        <source>The picture&apos;s size in pixels.</source>
        <translation>Größe des Bildes in Pixeln.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="159"/>
        <source>memories, freelancers or jobs.</source>
        <translation>memories, freelancers oder jobs.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="161"/>
        <source>neighbours (a neighbour layout) or pca.</source>
        <translation>neighbours (ein Nachbarschafts-Layout) oder pca.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="164"/>
        <source>kmeans-auto (k by silhouette), kmeans (with --k) or density.</source>
        <translation>kmeans-auto (k nach Silhouette), kmeans (mit --k) oder density.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="166"/>
        <source>Clusters for --clustering kmeans.</source>
        <translation>Cluster für --clustering kmeans.</translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="168"/>
        <source>Seed of the layout and the clustering.</source>
        <translation>Seed für Layout und Clustering.</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="18"/>
        <source>%1 needs an id such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427, not “%2”.</source>
        <translation>%1 erwartet eine ID wie 1b4e28ba-2fa1-11d2-883f-0016d3cca427, nicht „%2“.</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="30"/>
        <source>match takes no arguments; name jobs with --job or a freelancer with --freelancer.</source>
        <translation>match akzeptiert keine Argumente; geben Sie Aufträge mit --job oder einen Freelancer mit --freelancer an.</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="39"/>
        <source>Match jobs (--job) or one freelancer (--freelancer), not both.</source>
        <translation>Matchen Sie Aufträge (--job) oder einen Freelancer (--freelancer), nicht beides.</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="41"/>
        <source>A freelancer run takes one --freelancer.</source>
        <translation>Ein Freelancer-Lauf nimmt genau ein --freelancer.</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="57"/>
        <source>--version needs the id of a matching version (the Model registry page).</source>
        <translation>--version erwartet die ID einer Matching-Version (Seite „Modellregister“).</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="64"/>
        <source>Match</source>
        <translation>Match</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="69"/>
        <source>Match run %1 (version %2): %3 queries, %4 pairs scored, %5 proposals written in %6 s.</source>
        <translation>Match-Lauf %1 (Version %2): %3 Abfragen, %4 Paare bewertet, %5 Vorschläge in %6 s geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="88"/>
        <source>Propose freelancers for open jobs (a match run).</source>
        <translation>Freelancer für offene Aufträge vorschlagen (ein Match-Lauf).</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="89"/>
        <source>Runs the matching engine with the active matching version (or --version): for every open job by default, for the jobs named with --job, or open jobs for one --freelancer. The run is recorded with its counts and timings; its proposals replace the earlier ones of the same jobs only when the run completes, so Ctrl+C leaves the earlier proposals current.</source>
        <translation>Führt die Matching-Engine mit der aktiven Matching-Version (oder --version) aus: standardmäßig für jeden offenen Auftrag, für die mit --job genannten Aufträge oder für die offenen Aufträge eines --freelancer. Der Lauf wird mit seinen Zählungen und Zeiten protokolliert; seine Vorschläge ersetzen die früheren derselben Aufträge erst, wenn der Lauf abgeschlossen ist, daher bleiben nach Strg+C die früheren Vorschläge gültig.</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="96"/>
        <source>Match this job (repeat for several).</source>
        <translation>Diesen Auftrag matchen (für mehrere wiederholen).</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="98"/>
        <source>Find open jobs for this freelancer.</source>
        <translation>Offene Aufträge für diesen Freelancer finden.</translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="99"/>
        <source>Use this matching version instead of the active one.</source>
        <translation>Diese Matching-Version statt der aktiven verwenden.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="27"/>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="27"/>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="35"/>
        <source>import needs exactly one FILE.</source>
        <translation>import erwartet genau ein Argument FILE.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="39"/>
        <source>--format is jsonl, csv or yaml.</source>
        <translation>--format ist jsonl, csv oder yaml.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="42"/>
        <source>--mode is all (any problem writes nothing) or valid (skip bad rows).</source>
        <translation>--mode ist all (bei einem Problem wird nichts geschrieben) oder valid (fehlerhafte Zeilen überspringen).</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="44"/>
        <source>There is no file %1 to import.</source>
        <translation>Es gibt keine Datei %1 zum Importieren.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="47"/>
        <source>Read</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="61"/>
        <source>%1 has %2 rows that cannot be imported:</source>
        <translation>%1 enthält %2 Zeilen, die nicht importiert werden können:</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="65"/>
        <source>  … and %1 more.</source>
        <translation>  … und %1 weitere.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="68"/>
        <source>Nothing was imported. Fix those rows, or add --mode valid to import the others.</source>
        <translation>Es wurde nichts importiert. Korrigieren Sie diese Zeilen oder fügen Sie --mode valid hinzu, um die übrigen zu importieren.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="76"/>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="86"/>
        <location filename="../app/cli/climemorycommands.cpp" line="134"/>
        <source>%1 rows/s</source>
        <translation>%1 Zeilen/s</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="89"/>
        <source>Imported %1 memories, %2 evaluations and %3 links from %4; %5 rows skipped.</source>
        <translation>%1 Erinnerungen, %2 Bewertungen und %3 Verknüpfungen aus %4 importiert; %5 Zeilen übersprungen.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="104"/>
        <source>export needs exactly one FILE.</source>
        <translation>export erwartet genau ein Argument FILE.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="114"/>
        <source>--format is jsonl or csv.</source>
        <translation>--format ist jsonl oder csv.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="124"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="138"/>
        <source>Exported %1 memories to %2 (%3 bytes).</source>
        <translation>%1 Erinnerungen nach %2 exportiert (%3 Bytes).</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="148"/>
        <source>Import memories from JSONL, CSV or EUMAS YAML.</source>
        <translation>Erinnerungen aus JSONL, CSV oder EUMAS-YAML importieren.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="149"/>
        <source>Reads and checks every row of FILE first (ids already in the workspace and links to unknown memories are problems too), lists the rows that cannot be imported on stderr, then writes the memories with their evaluations and links in one transaction. Ctrl+C rolls the whole import back.</source>
        <translation>Liest und prüft zuerst jede Zeile von FILE (IDs, die bereits im Arbeitsbereich vorhanden sind, und Verknüpfungen zu unbekannten Erinnerungen gelten ebenfalls als Problem), listet die nicht importierbaren Zeilen auf stderr auf und schreibt dann die Erinnerungen mit ihren Bewertungen und Verknüpfungen in einer Transaktion. Strg+C macht den gesamten Import rückgängig.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="154"/>
        <source>A .jsonl/.ndjson, .csv or .yaml/.yml file in the shapes export writes.</source>
        <translation>Eine .jsonl/.ndjson-, .csv- oder .yaml/.yml-Datei in den Formaten, die export schreibt.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="157"/>
        <source>jsonl, csv or yaml; by the file&apos;s extension when left out.</source>
        <translation>jsonl, csv oder yaml; ohne Angabe nach der Dateiendung.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="159"/>
        <source>all: any problem writes nothing; valid: import the valid rows and skip the rest.</source>
        <translation>all: bei einem Problem wird nichts geschrieben; valid: gültige Zeilen importieren, den Rest überspringen.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="167"/>
        <source>Export memories to JSONL or CSV.</source>
        <translation>Erinnerungen als JSONL oder CSV exportieren.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="168"/>
        <source>Writes every memory, one per line (JSONL: with its evaluations and outgoing links; CSV: the memory&apos;s columns), in the shapes import reads back. The file appears only when the export is complete.</source>
        <translation>Schreibt jede Erinnerung in eine eigene Zeile (JSONL: mit ihren Bewertungen und ausgehenden Verknüpfungen; CSV: die Spalten der Erinnerung), in den Formaten, die import wieder einliest. Die Datei erscheint erst, wenn der Export abgeschlossen ist.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="171"/>
        <source>Where to write; replaced if it exists.</source>
        <translation>Zieldatei; wird ersetzt, falls vorhanden.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="173"/>
        <source>jsonl or csv; by the file&apos;s extension when left out.</source>
        <translation>jsonl oder csv; ohne Angabe nach der Dateiendung.</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="175"/>
        <source>Include the embedding vectors (JSONL).</source>
        <translation>Embedding-Vektoren einschließen (JSONL).</translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="176"/>
        <source>Leave archived memories out.</source>
        <translation>Archivierte Erinnerungen auslassen.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliprogress.cpp" line="87"/>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="61"/>
        <location filename="../app/cli/clireviewcommands.cpp" line="64"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="70"/>
        <source>undefined</source>
        <translation>nicht definiert</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="76"/>
        <source>review-export needs exactly one FILE.</source>
        <translation>review-export erwartet genau ein Argument FILE.</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="83"/>
        <source>--format is csv or jsonl.</source>
        <translation>--format ist csv oder jsonl.</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="86"/>
        <source>--agreement needs a file of its own.</source>
        <translation>--agreement braucht eine eigene Datei.</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="102"/>
        <source>Wrote %1 decisions in force to %2 (%3 approved, %4 rejected, %5 flagged).</source>
        <translation>%1 gültige Entscheidungen nach %2 geschrieben (%3 angenommen, %4 abgelehnt, %5 markiert).</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="115"/>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="122"/>
        <source>Wrote the agreement of %1 doubly reviewed items to %2: Fleiss&apos; κ %3, Krippendorff&apos;s α %4.</source>
        <translation>Übereinstimmung von %1 doppelt geprüften Einträgen nach %2 geschrieben: Fleiss&apos; κ %3, Krippendorffs α %4.</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="138"/>
        <source>Export the review decisions in force (and the reviewers&apos; agreement).</source>
        <translation>Gültige Prüfentscheidungen (und die Übereinstimmung der Prüfer) exportieren.</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="139"/>
        <source>Writes every level-1 and level-2 review decision in force (undone decisions left out), oldest first: decision id, proposal (match) id, level, reviewer, decision, reason code, note and time (UTC). With --agreement it also writes the agreement report as CSV: Fleiss&apos; kappa and Krippendorff&apos;s alpha with bootstrap intervals, the pairwise agreement and each reviewer&apos;s counts. Reads only; each file appears only when complete.</source>
        <translation>Schreibt jede gültige Prüfentscheidung der Stufen 1 und 2 (rückgängig gemachte Entscheidungen ausgenommen), die älteste zuerst: Entscheidungs-ID, Vorschlags-ID (Match), Stufe, Prüfer, Entscheidung, Begründungscode, Notiz und Zeit (UTC). Mit --agreement wird zusätzlich der Übereinstimmungsbericht als CSV geschrieben: Fleiss&apos; Kappa und Krippendorffs Alpha mit Bootstrap-Intervallen, die paarweise Übereinstimmung und die Zählungen jedes Prüfers. Nur lesend; jede Datei erscheint erst, wenn sie vollständig ist.</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="145"/>
        <source>Where to write the decisions (.csv or .jsonl).</source>
        <translation>Zieldatei für die Entscheidungen (.csv oder .jsonl).</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="147"/>
        <source>csv or jsonl; by the FILE&apos;s extension when left out.</source>
        <translation>csv oder jsonl; ohne Angabe nach der Endung von FILE.</translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="149"/>
        <source>Also write the agreement report (CSV) here.</source>
        <translation>Den Übereinstimmungsbericht (CSV) zusätzlich hierhin schreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="27"/>
        <source>Work on this SQLite workspace file.</source>
        <translation>Mit dieser SQLite-Arbeitsbereichsdatei arbeiten.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="29"/>
        <source>Work on the PostgreSQL workspace of this saved connection profile (File → Connect in the window).</source>
        <translation>Mit dem PostgreSQL-Arbeitsbereich dieses gespeicherten Verbindungsprofils arbeiten (Datei → Verbinden im Fenster).</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="33"/>
        <source>Work on this PostgreSQL workspace: a postgresql:// URI or &quot;host=… port=… dbname=… user=…&quot;. It must not hold a password.</source>
        <translation>Mit diesem PostgreSQL-Arbeitsbereich arbeiten: eine postgresql://-URI oder &quot;host=… port=… dbname=… user=…&quot;. Die Angabe darf kein Passwort enthalten.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="44"/>
        <source>Name one workspace: --workspace, --profile or --connect.</source>
        <translation>Geben Sie einen Arbeitsbereich an: --workspace, --profile oder --connect.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="53"/>
        <source>The connection string holds a password, which other users of this computer could read in the process list. Remove it: sextant-cli takes the password from the keychain, from PGPASSWORD or from a prompt.</source>
        <translation>Die Verbindungszeichenfolge enthält ein Passwort, das andere Benutzer dieses Computers in der Prozessliste lesen könnten. Entfernen Sie es: sextant-cli bezieht das Passwort aus dem Schlüsselbund, aus PGPASSWORD oder über eine Eingabeaufforderung.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="67"/>
        <source>There is no saved connection profile called “%1”.</source>
        <translation>Es gibt kein gespeichertes Verbindungsprofil namens „%1“.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="93"/>
        <source>Password for %1: </source>
        <translation>Passwort für %1: </translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="52"/>
        <source>status takes no arguments.</source>
        <translation>status akzeptiert keine Argumente.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="65"/>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="67"/>
        <source>Schema version: %1 (current)</source>
        <translation>Schemaversion: %1 (aktuell)</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="68"/>
        <source>Schema version: %1 of %2; pending migrations: %3 (run `sextant-cli migrate`)</source>
        <translation>Schemaversion: %1 von %2; ausstehende Migrationen: %3 (führen Sie `sextant-cli migrate` aus)</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="74"/>
        <source>Rows:</source>
        <translation>Zeilen:</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="74"/>
        <source>Memories</source>
        <translation>Erinnerungen</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="75"/>
        <source>Archived memories</source>
        <translation>Archivierte Erinnerungen</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="76"/>
        <source>Evaluations</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="76"/>
        <source>Links</source>
        <translation>Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="77"/>
        <source>Freelancers</source>
        <translation>Freelancer</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="77"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="78"/>
        <source>Open jobs</source>
        <translation>Offene Aufträge</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="78"/>
        <source>Proposed matches</source>
        <translation>Vorgeschlagene Matches</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="79"/>
        <source>Match reviews</source>
        <translation>Match-Prüfungen</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="80"/>
        <source>Bias reports</source>
        <translation>Bias-Berichte</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="81"/>
        <source>Pending work:</source>
        <translation>Ausstehende Arbeit:</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="82"/>
        <source>Memories without an embedding</source>
        <translation>Erinnerungen ohne Embedding</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="83"/>
        <source>Memories without an evaluation</source>
        <translation>Erinnerungen ohne Bewertung</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="84"/>
        <source>Open jobs without proposals</source>
        <translation>Offene Aufträge ohne Vorschläge</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="85"/>
        <source>Proposals without a review</source>
        <translation>Vorschläge ohne Prüfung</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="86"/>
        <source>Match runs still running</source>
        <translation>Noch laufende Match-Läufe</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="106"/>
        <source>migrate takes no arguments.</source>
        <translation>migrate akzeptiert keine Argumente.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="115"/>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="131"/>
        <source>%1 is up to date at schema version %2.</source>
        <translation>%1 ist mit Schemaversion %2 auf dem neuesten Stand.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="126"/>
        <source>Applied: %1</source>
        <translation>Angewendet: %1</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="132"/>
        <source>%1 is now at schema version %2.</source>
        <translation>%1 ist jetzt auf Schemaversion %2.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="143"/>
        <source>Schema version, row counts and pending work.</source>
        <translation>Schemaversion, Zeilenzahlen und ausstehende Arbeit.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="144"/>
        <source>Prints the workspace&apos;s schema version (and the migrations a server still needs), how many rows each part holds, and the work still waiting: memories without an embedding or an evaluation, open jobs without proposals, proposals nobody has reviewed, match runs still marked running. Reads only.</source>
        <translation>Gibt die Schemaversion des Arbeitsbereichs (und die Migrationen, die ein Server noch benötigt) aus, wie viele Zeilen jeder Teil enthält, und die noch wartende Arbeit: Erinnerungen ohne Embedding oder Bewertung, offene Aufträge ohne Vorschläge, Vorschläge, die niemand geprüft hat, und Match-Läufe, die noch als laufend markiert sind. Nur lesend.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="154"/>
        <source>Apply pending schema migrations.</source>
        <translation>Ausstehende Schemamigrationen anwenden.</translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="155"/>
        <source>Brings the workspace&apos;s schema up to date, all pending steps in one transaction: a failure leaves the database as it was. Needs a role that may create tables (an administrator). A workspace file is brought up to date whenever it is opened.</source>
        <translation>Bringt das Schema des Arbeitsbereichs auf den neuesten Stand, alle ausstehenden Schritte in einer Transaktion: Bei einem Fehler bleibt die Datenbank unverändert. Erfordert eine Rolle, die Tabellen anlegen darf (einen Administrator). Eine Arbeitsbereichsdatei wird bei jedem Öffnen auf den neuesten Stand gebracht.</translation>
    </message>
</context>
<context>
    <name>ClusterListModel</name>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="34"/>
        <source>Noise (no cluster)</source>
        <translation>Rauschen (kein Cluster)</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="144"/>
        <source>Points the density clustering left out of every cluster</source>
        <translation>Punkte, die das dichtebasierte Clustering keinem Cluster zugeordnet hat</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="145"/>
        <source>Cluster %1: %2
Keywords: %3
Double-click to rename.</source>
        <translation>Cluster %1: %2
Schlüsselwörter: %3
Zum Umbenennen doppelklicken.</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="149"/>
        <source>Mean cosine similarity of the members to their centre (1 = identical)</source>
        <translation>Mittlere Kosinus-Ähnlichkeit der Mitglieder zu ihrem Zentrum (1 = identisch)</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="182"/>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="184"/>
        <source>%1: no evaluations</source>
        <translation>%1: keine Bewertungen</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="193"/>
        <source>Mean archetype metrics over the cluster
%1</source>
        <translation>Mittlere Archetyp-Metriken im Cluster
%1</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="205"/>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="207"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="209"/>
        <source>Cohesion</source>
        <translation>Kohäsion</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="211"/>
        <source>Archetypes</source>
        <translation>Archetypen</translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="214"/>
        <source>Mean metrics of each archetype over the cluster, M O D X H R A F from left to right</source>
        <translation>Mittlere Metriken jedes Archetyps im Cluster, M O D X H R A F von links nach rechts</translation>
    </message>
</context>
<context>
    <name>ClusterRunStore</name>
    <message>
        <location filename="../services/map/clusterrunstore.cpp" line="95"/>
        <source>A cluster run needs one cluster and one x and y per point.</source>
        <translation>Ein Cluster-Lauf braucht pro Punkt einen Cluster sowie je einen x- und y-Wert.</translation>
    </message>
    <message>
        <location filename="../services/map/clusterrunstore.cpp" line="172"/>
        <source>The cluster run has no id or inconsistent points.</source>
        <translation>Der Cluster-Lauf hat keine ID oder widersprüchliche Punkte.</translation>
    </message>
    <message>
        <location filename="../services/map/clusterrunstorereads.cpp" line="25"/>
        <source>There is no cluster run %1.</source>
        <translation>Es gibt keinen Cluster-Lauf %1.</translation>
    </message>
    <message>
        <location filename="../services/map/clusterrunstorereads.cpp" line="32"/>
        <source>The saved points of cluster run %1 are damaged.</source>
        <translation>Die gespeicherten Punkte des Cluster-Laufs %1 sind beschädigt.</translation>
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
        <location filename="../ui/connection/connectiondialog.cpp" line="31"/>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="33"/>
        <source>Connect to PostgreSQL</source>
        <translation>Mit PostgreSQL verbinden</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="35"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="44"/>
        <source>No keychain is available: the password is kept for this session only.</source>
        <translation>Kein Schlüsselbund verfügbar: Das Passwort wird nur für diese Sitzung aufbewahrt.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="76"/>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="77"/>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="79"/>
        <source>Cancel test</source>
        <translation>Test abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="127"/>
        <source>The settings changed since the last test: test again to connect.</source>
        <translation>Die Einstellungen wurden seit dem letzten Test geändert: Testen Sie erneut, um sich zu verbinden.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="136"/>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="144"/>
        <source>The test was cancelled.</source>
        <translation>Der Test wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="162"/>
        <source>Connected, but Sextant cannot use this database as it is.</source>
        <translation>Verbindung hergestellt, aber Sextant kann diese Datenbank in ihrem jetzigen Zustand nicht verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="164"/>
        <source>Connected. Review and apply the pending migrations before connecting.</source>
        <translation>Verbindung hergestellt. Prüfen Sie die ausstehenden Migrationen und wenden Sie sie an, bevor Sie sich verbinden.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="166"/>
        <source>Connected. Sextant can use this database.</source>
        <translation>Verbindung hergestellt. Sextant kann diese Datenbank verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="173"/>
        <source>The test failed.</source>
        <translation>Der Test ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="213"/>
        <source>Test the connection first: Sextant connects to an up-to-date schema only.</source>
        <translation>Testen Sie zuerst die Verbindung: Sextant verbindet sich nur mit einem aktuellen Schema.</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="35"/>
        <source>Supabase %1</source>
        <translation>Supabase %1</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="58"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="67"/>
        <source>Needed for verify-ca and verify-full</source>
        <translation>Erforderlich für verify-ca und verify-full</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="76"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="77"/>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="78"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="79"/>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="80"/>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="81"/>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="82"/>
        <source>&amp;SSL mode:</source>
        <translation>&amp;SSL-Modus:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="83"/>
        <source>&amp;Root certificate:</source>
        <translation>Stamm&amp;zertifikat:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="111"/>
        <source>postgresql://user:password@host:5432/database</source>
        <translation>postgresql://benutzer:passwort@host:5432/datenbank</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="114"/>
        <source>Fill &amp;in</source>
        <translation>&amp;Ausfüllen</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="116"/>
        <source>Fill the fields below from a connection string, such as the one Supabase shows under Connect (direct connection or session pooler).</source>
        <translation>Füllt die Felder unten aus einer Verbindungszeichenfolge aus, etwa der, die Supabase unter „Connect“ anzeigt („Direct connection“ oder „Session pooler“).</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="126"/>
        <source>Paste a connection string:</source>
        <translation>Verbindungszeichenfolge einfügen:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="206"/>
        <source>New connection</source>
        <translation>Neue Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="228"/>
        <source>Root certificate</source>
        <translation>Stammzertifikat</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="228"/>
        <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
        <translation>Zertifikate (*.crt *.pem *.cer);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>ConnectionProfileList</name>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="12"/>
        <source>Profiles</source>
        <translation>Profile</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="18"/>
        <source>&amp;Add</source>
        <translation>Hinzu&amp;fügen</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="20"/>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplizieren</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="22"/>
        <source>De&amp;lete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="33"/>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="107"/>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="169"/>
        <source>New connection</source>
        <translation>Neue Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="64"/>
        <source>No profile is selected.</source>
        <translation>Es ist kein Profil ausgewählt.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="74"/>
        <source>Another profile is already called %1: rename this one to connect.</source>
        <translation>Ein anderes Profil heißt bereits %1: Benennen Sie dieses Profil um, um sich zu verbinden.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="148"/>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
</context>
<context>
    <name>ConnectionReportView</name>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="18"/>
        <source>Test the connection to see the server, its schema and what this role may do.</source>
        <translation>Testen Sie die Verbindung, um den Server, sein Schema und die Rechte dieser Rolle zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="21"/>
        <source>Review migrations…</source>
        <translation>Migrationen prüfen…</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="36"/>
        <source>Latency:</source>
        <translation>Latenz:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="37"/>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="38"/>
        <source>pgvector:</source>
        <translation>pgvector:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="39"/>
        <source>Embeddings:</source>
        <translation>Einbettungen:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="40"/>
        <source>Schema:</source>
        <translation>Schema:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="41"/>
        <source>Migrations:</source>
        <translation>Migrationen:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="42"/>
        <source>Role:</source>
        <translation>Rolle:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="43"/>
        <source>Privileges:</source>
        <translation>Rechte:</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="46"/>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="46"/>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="97"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="102"/>
        <source>version %1 installed</source>
        <translation>Version %1 installiert</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="104"/>
        <source>available, not installed yet</source>
        <translation>verfügbar, noch nicht installiert</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="106"/>
        <source>not available on this server</source>
        <translation>auf diesem Server nicht verfügbar</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="108"/>
        <source>vector(1536) columns (pgvector)</source>
        <translation>vector(1536)-Spalten (pgvector)</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="108"/>
        <source>real[] arrays (without pgvector)</source>
        <translation>real[]-Arrays (ohne pgvector)</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="110"/>
        <source>no Sextant schema yet (this build knows version %1)</source>
        <translation>noch kein Sextant-Schema (dieser Build kennt Version %1)</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="113"/>
        <source>version %1 (this build knows version %2)</source>
        <translation>Version %1 (dieser Build kennt Version %2)</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="118"/>
        <source>known once the Sextant schema exists</source>
        <translation>bekannt, sobald das Sextant-Schema existiert</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="118"/>
        <source>could not be read</source>
        <translation>konnte nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="122"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="137"/>
        <source>not readable</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="147"/>
        <source>Sextant cannot use this schema.</source>
        <translation>Sextant kann dieses Schema nicht verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="152"/>
        <source>The schema is up to date.</source>
        <translation>Das Schema ist aktuell.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connection/connectionreportview.cpp" line="157"/>
        <source>%n migration step(s) pending: they create the schema at version %1.</source>
        <translation>
            <numerusform>%n Migrationsschritt ausstehend: Er legt das Schema in Version %1 an.</numerusform>
            <numerusform>%n Migrationsschritte ausstehend: Sie legen das Schema in Version %1 an.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connection/connectionreportview.cpp" line="159"/>
        <source>%n migration step(s) pending: from version %1 to %2.</source>
        <translation>
            <numerusform>%n Migrationsschritt ausstehend: von Version %1 auf %2.</numerusform>
            <numerusform>%n Migrationsschritte ausstehend: von Version %1 auf %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CopyWriter</name>
    <message>
        <location filename="../services/db/copywriter.cpp" line="81"/>
        <source>The COPY was abandoned.</source>
        <translation>Das COPY wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="98"/>
        <source>COPY needs a PostgreSQL workspace.</source>
        <translation>COPY erfordert einen PostgreSQL-Arbeitsbereich.</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="101"/>
        <source>%1 cannot take COPY FROM STDIN (PGlite&apos;s socket server does not pass it on); nothing was written.</source>
        <translation>%1 kann kein COPY FROM STDIN annehmen (der Socket-Server von PGlite leitet es nicht weiter); es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="105"/>
        <source>The database connection is not open.</source>
        <translation>Die Datenbankverbindung ist nicht geöffnet.</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="115"/>
        <source>Reading the columns of %1</source>
        <translation>Lesen der Spalten von %1</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="123"/>
        <source>Column %1 of %2 has the type %3, which COPY cannot write yet.</source>
        <translation>Spalte %1 von %2 hat den Typ %3, den COPY noch nicht schreiben kann.</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="134"/>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="140"/>
        <source>%1 has no column %2.</source>
        <translation>%1 hat keine Spalte %2.</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="153"/>
        <location filename="../services/db/copywriter.cpp" line="506"/>
        <location filename="../services/db/copywriter.cpp" line="532"/>
        <source>Writing %1 failed: %2</source>
        <translation>Schreiben von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="173"/>
        <source>the row has more values than columns</source>
        <translation>die Zeile hat mehr Werte als Spalten</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="211"/>
        <source>column %1 does not take a uuid</source>
        <translation>Spalte %1 nimmt keine UUID an</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="224"/>
        <source>column %1 does not take text</source>
        <translation>Spalte %1 nimmt keinen Text an</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="245"/>
        <source>column %1 does not take a list of text</source>
        <translation>Spalte %1 nimmt keine Textliste an</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="285"/>
        <source>%1 is out of range for column %2</source>
        <translation>%1 liegt außerhalb des Wertebereichs von Spalte %2</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="317"/>
        <source>column %1 does not take a number</source>
        <translation>Spalte %1 nimmt keine Zahl an</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="329"/>
        <source>%1 is not a finite number</source>
        <translation>%1 ist keine endliche Zahl</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="383"/>
        <source>column %1 does not take true or false</source>
        <translation>Spalte %1 nimmt weder wahr noch falsch an</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="404"/>
        <source>column %1 does not take a time</source>
        <translation>Spalte %1 nimmt keine Zeitangabe an</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="417"/>
        <source>column %1 does not take JSON</source>
        <translation>Spalte %1 nimmt kein JSON an</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="441"/>
        <source>column %1 takes vectors of %2 dimensions, not %3</source>
        <translation>Spalte %1 nimmt Vektoren mit %2 Dimensionen an, nicht mit %3</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="466"/>
        <source>column %1 does not take a vector</source>
        <translation>Spalte %1 nimmt keinen Vektor an</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="487"/>
        <location filename="../services/db/copywriter.cpp" line="516"/>
        <source>The COPY has not started.</source>
        <translation>Das COPY hat noch nicht begonnen.</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="489"/>
        <source>the row has %1 of %2 values</source>
        <translation>die Zeile hat %1 von %2 Werten</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="493"/>
        <source>Row %1 for %2: %3.</source>
        <translation>Zeile %1 für %2: %3.</translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="518"/>
        <source>The last row for %1 was not ended.</source>
        <translation>Die letzte Zeile für %1 wurde nicht abgeschlossen.</translation>
    </message>
</context>
<context>
    <name>DashboardQueries</name>
    <message>
        <location filename="../services/archetypes/dashboardbins.cpp" line="92"/>
        <source>Reading the distributions of %1</source>
        <translation>Lesen der Verteilungen von %1</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardbins.cpp" line="109"/>
        <source>Choose both ends of the baseline and of the recent window.</source>
        <translation>Wählen Sie Anfang und Ende der Basislinie und des aktuellen Fensters.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardbins.cpp" line="113"/>
        <source>Each window must hold at least one whole day (UTC).</source>
        <translation>Jedes Fenster muss mindestens einen ganzen Tag (UTC) umfassen.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardbins.cpp" line="129"/>
        <source>Reading the drift windows</source>
        <translation>Lesen der Drift-Fenster</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="40"/>
        <source>There is no archetype number %1; they are numbered 0 to 7.</source>
        <translation>Es gibt keinen Archetyp Nummer %1; sie sind von 0 bis 7 nummeriert.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="47"/>
        <source>There is no metric number %1 on the archetype dashboards.</source>
        <translation>Auf den Archetyp-Dashboards gibt es keine Metrik Nummer %1.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="60"/>
        <source>The window must be at least one day long.</source>
        <translation>Das Fenster muss mindestens einen Tag lang sein.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="87"/>
        <source>Reading the archetype states before the window</source>
        <translation>Lesen der Archetyp-Zustände vor dem Fenster</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="109"/>
        <source>Counting the evaluations in the window</source>
        <translation>Zählen der Bewertungen im Fenster</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="124"/>
        <source>The state history holds the four metrics and the influence only.</source>
        <translation>Der Zustandsverlauf enthält nur die vier Metriken und den Einfluss.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="151"/>
        <source>Reading the archetype history</source>
        <translation>Lesen des Archetyp-Verlaufs</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="174"/>
        <source>Reading the daily evaluations</source>
        <translation>Lesen der täglichen Bewertungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="211"/>
        <source>Counting evaluations</source>
        <translation>Zählen der Bewertungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="226"/>
        <source>Counting memories waiting for evaluation</source>
        <translation>Zählen der Erinnerungen, die auf Bewertung warten</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="235"/>
        <source>Counting failed evaluations</source>
        <translation>Zählen der fehlgeschlagenen Bewertungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="268"/>
        <source>Reading failed evaluations</source>
        <translation>Lesen der fehlgeschlagenen Bewertungen</translation>
    </message>
</context>
<context>
    <name>DatabaseWorker</name>
    <message>
        <location filename="../services/db/databaseworker.h" line="148"/>
        <source>No workspace is open.</source>
        <translation>Kein Arbeitsbereich ist geöffnet.</translation>
    </message>
    <message>
        <location filename="../services/db/databaseworker.h" line="70"/>
        <source>The workspace was closed.</source>
        <translation>Der Arbeitsbereich wurde geschlossen.</translation>
    </message>
    <message>
        <location filename="../services/db/databaseworker.cpp" line="31"/>
        <source>Another workspace was opened meanwhile; this result belonged to the one that was closed.</source>
        <translation>Inzwischen wurde ein anderer Arbeitsbereich geöffnet; dieses Ergebnis gehörte zu dem, der geschlossen wurde.</translation>
    </message>
    <message>
        <location filename="../services/db/databaseworker.cpp" line="36"/>
        <source>Cancelled before it started; nothing was written.</source>
        <translation>Abgebrochen, bevor es begann; nichts wurde geschrieben.</translation>
    </message>
</context>
<context>
    <name>DecisionJournal</name>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="91"/>
        <source>Cannot create the folder %1 for the review journal.</source>
        <translation>Der Ordner %1 für das Prüfjournal kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="99"/>
        <location filename="../services/review/decisionjournal.cpp" line="210"/>
        <source>Cannot open the review journal %1: %2</source>
        <translation>Das Prüfjournal %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="135"/>
        <source>The review journal is not open.</source>
        <translation>Das Prüfjournal ist nicht geöffnet.</translation>
    </message>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="139"/>
        <source>Cannot write the review journal %1: %2</source>
        <translation>Das Prüfjournal %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="194"/>
        <location filename="../services/review/decisionjournal.cpp" line="201"/>
        <source>Cannot rewrite the review journal %1: %2</source>
        <translation>Das Prüfjournal %1 kann nicht neu geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>DeferredIndexes</name>
    <message>
        <location filename="../services/db/deferredindexes.cpp" line="45"/>
        <source>Dropping indexes for the load</source>
        <translation>Entfernen der Indizes für das Laden</translation>
    </message>
    <message>
        <location filename="../services/db/deferredindexes.cpp" line="62"/>
        <source>Building the index %1</source>
        <translation>Aufbau des Index %1</translation>
    </message>
</context>
<context>
    <name>DemoGenerator</name>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="34"/>
        <location filename="../services/demo/demopublisher.cpp" line="64"/>
        <source>Generation was cancelled.</source>
        <translation>Die Erzeugung wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="36"/>
        <source>Loading the vocabulary</source>
        <translation>Laden des Vokabulars</translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="49"/>
        <source>Generating the marketplace</source>
        <translation>Marktplatz wird erzeugt</translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="58"/>
        <source>Writing the marketplace</source>
        <translation>Schreiben des Marktplatzes</translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="81"/>
        <source>Generating memories</source>
        <translation>Erzeugen der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="82"/>
        <source>Writing memories</source>
        <translation>Erinnerungen werden geschrieben</translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="106"/>
        <location filename="../services/demo/demopublisher.cpp" line="63"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>DemoPublisher</name>
    <message>
        <location filename="../services/demo/demopublisher.cpp" line="13"/>
        <source>%1 is not empty (%2 memories, %3 jobs, %4 freelancers). Demo data is only written into an empty database, so that it never mixes with real rows; nothing was changed.</source>
        <translation>%1 ist nicht leer (%2 Erinnerungen, %3 Aufträge, %4 Freelancer). Demo-Daten werden nur in eine leere Datenbank geschrieben, damit sie sich nie mit echten Zeilen vermischen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../services/demo/demopublisher.cpp" line="29"/>
        <source>Your database role (%1) may not write memories; publishing demo data needs sextant_admin or the schema&apos;s owner.</source>
        <translation>Ihre Datenbankrolle (%1) darf keine Erinnerungen schreiben; zum Veröffentlichen von Demo-Daten sind sextant_admin oder der Eigentümer des Schemas erforderlich.</translation>
    </message>
    <message>
        <location filename="../services/demo/demopublisher.cpp" line="42"/>
        <source>Publishing did not start.</source>
        <translation>Die Veröffentlichung hat nicht begonnen.</translation>
    </message>
    <message>
        <location filename="../services/demo/demopublisher.cpp" line="55"/>
        <source>Building indexes</source>
        <translation>Aufbau der Indizes</translation>
    </message>
</context>
<context>
    <name>DemoVocabulary</name>
    <message>
        <location filename="../services/demo/demovocabulary.cpp" line="27"/>
        <source>The demo vocabulary %1 is missing from this build.</source>
        <translation>Das Demo-Vokabular %1 fehlt in diesem Build.</translation>
    </message>
    <message>
        <location filename="../services/demo/demovocabulary.cpp" line="99"/>
        <source>The demo vocabulary is incomplete.</source>
        <translation>Das Demo-Vokabular ist unvollständig.</translation>
    </message>
</context>
<context>
    <name>DriftAlarmModel</name>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="53"/>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="55"/>
        <source>%1 (n %2)</source>
        <translation>%1 (n %2)</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="57"/>
        <source>%1 SD</source>
        <translation>%1 SD</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="65"/>
        <source>alarm</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="101"/>
        <source>%1, %2 (%3): mean %4 → %5 (%6 SD), KS D %7, p %8</source>
        <translation>%1, %2 (%3): Mittelwert %4 → %5 (%6 SD), KS D %7, p %8</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="116"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="118"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="120"/>
        <source>Model · prompt</source>
        <translation>Modell · Prompt</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="122"/>
        <source>Baseline mean</source>
        <translation>Basis-Mittelwert</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="124"/>
        <source>Recent mean</source>
        <translation>Aktueller Mittelwert</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="126"/>
        <source>Mean shift</source>
        <translation>Mittelwertverschiebung</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="128"/>
        <source>KS D</source>
        <translation>KS D</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="130"/>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="132"/>
        <source>Strength</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="134"/>
        <source>Alarm</source>
        <translation>Alarm</translation>
    </message>
</context>
<context>
    <name>EmbeddingCache</name>
    <message>
        <location filename="../services/ai/embeddingcache.cpp" line="64"/>
        <source>A vector has %1 dimensions instead of %2.</source>
        <translation>Ein Vektor hat %1 statt %2 Dimensionen.</translation>
    </message>
</context>
<context>
    <name>EmbeddingSet</name>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="8"/>
        <source>The embeddings do not fit together: %1 rows of %2 dimensions need %3 values, found %4.</source>
        <translation>Die Einbettungen passen nicht zusammen: %1 Zeilen mit %2 Dimensionen brauchen %3 Werte, gefunden wurden %4.</translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="32"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="34"/>
        <source>There is nothing to compute: no rows have embeddings.</source>
        <translation>Es gibt nichts zu berechnen: Keine Zeile hat eine Einbettung.</translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="40"/>
        <source>The embedding of %1 holds a value that is not a number (NaN or infinity). Re-embed that row or exclude it.</source>
        <translation>Die Einbettung von %1 enthält einen Wert, der keine Zahl ist (NaN oder unendlich). Betten Sie diese Zeile neu ein oder schließen Sie sie aus.</translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="45"/>
        <source>The parameters do not fit the data (for example more clusters than rows).</source>
        <translation>Die Parameter passen nicht zu den Daten (zum Beispiel mehr Cluster als Zeilen).</translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="47"/>
        <source>The computation failed.</source>
        <translation>Die Berechnung ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>EvaluationChart</name>
    <message>
        <location filename="../ui/memories/evaluationchart.cpp" line="127"/>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2)&lt;/p&gt;&lt;p&gt;Not evaluated.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2)&lt;/p&gt;&lt;p&gt;Nicht bewertet.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationchart.cpp" line="133"/>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2): %3&lt;/p&gt;&lt;p&gt;%4&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2): %3&lt;/p&gt;&lt;p&gt;%4&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationchart.cpp" line="136"/>
        <source>No justification given.</source>
        <translation>Keine Begründung angegeben.</translation>
    </message>
</context>
<context>
    <name>EvaluationFailureModel</name>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="133"/>
        <source>When</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="135"/>
        <source>Memory</source>
        <translation>Erinnerung</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="137"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="139"/>
        <source>Prompt version</source>
        <translation>Prompt-Version</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="141"/>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="143"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>EvaluationMonitorModel</name>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="56"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="58"/>
        <source>all models</source>
        <translation>alle Modelle</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="58"/>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="61"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="60"/>
        <source>all versions</source>
        <translation>alle Versionen</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="109"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="111"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="113"/>
        <source>Prompt version</source>
        <translation>Prompt-Version</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="115"/>
        <source>Evaluated</source>
        <translation>Bewertet</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="117"/>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="119"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>EvaluationNotesView</name>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Prompt version</source>
        <translation>Prompt-Version</translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Annotation</source>
        <translation>Anmerkung</translation>
    </message>
</context>
<context>
    <name>EvaluationSchema</name>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="52"/>
        <source>%1: %2 is missing</source>
        <translation>%1: %2 fehlt</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="54"/>
        <source>%1: %2 is not a number</source>
        <translation>%1: %2 ist keine Zahl</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="57"/>
        <source>%1: %2 = %3 is outside 0..1</source>
        <translation>%1: %2 = %3 liegt außerhalb von 0..1</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="67"/>
        <source>%1: the record is not an object</source>
        <translation>%1: Der Datensatz ist kein Objekt</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="79"/>
        <source>%1: the justification of %2 is missing</source>
        <translation>%1: Die Begründung für %2 fehlt</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="84"/>
        <source>%1: unknown metric &quot;%2&quot;</source>
        <translation>%1: unbekannte Metrik „%2“</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="88"/>
        <source>%1: the annotation is missing</source>
        <translation>%1: Die Anmerkung fehlt</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="116"/>
        <source>unknown archetype &quot;%1&quot;</source>
        <translation>unbekannter Archetyp „%1“</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="118"/>
        <source>%1 was not asked for</source>
        <translation>%1 wurde nicht angefragt</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="123"/>
        <source>%1 is missing</source>
        <translation>%1 fehlt</translation>
    </message>
</context>
<context>
    <name>EvaluationStore</name>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="28"/>
        <source>The evaluations do not belong to one memory, one per archetype.</source>
        <translation>Die Bewertungen gehören nicht zu genau einer Erinnerung mit je einer Bewertung pro Archetyp.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="33"/>
        <source>An evaluation covers all eight archetypes.</source>
        <translation>Eine Bewertung umfasst alle acht Archetypen.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="45"/>
        <source>Reading the memory&apos;s priority</source>
        <translation>Lesen der Priorität der Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="47"/>
        <source>The memory %1 no longer exists.</source>
        <translation>Die Erinnerung %1 existiert nicht mehr.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="54"/>
        <source>Replacing the memory&apos;s evaluations</source>
        <translation>Ersetzen der Bewertungen der Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="68"/>
        <source>Updating the memory&apos;s priority</source>
        <translation>Aktualisieren der Priorität der Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="143"/>
        <source>Reading the archetype history</source>
        <translation>Lesen des Archetyp-Verlaufs</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="164"/>
        <source>Recording a failed evaluation</source>
        <translation>Protokollieren einer fehlgeschlagenen Bewertung</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstorereads.cpp" line="31"/>
        <source>Reading failed evaluations</source>
        <translation>Lesen fehlgeschlagener Bewertungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstorereads.cpp" line="65"/>
        <source>Finding memories without evaluations</source>
        <translation>Suche nach Erinnerungen ohne Bewertungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstorereads.cpp" line="102"/>
        <source>Reading memories to evaluate</source>
        <translation>Lesen der zu bewertenden Erinnerungen</translation>
    </message>
</context>
<context>
    <name>ExposureChart</name>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="20"/>
        <source>Mean per proposal</source>
        <translation>Mittelwert je Vorschlag</translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="30"/>
        <source>Build a report to compare exposure with merit</source>
        <translation>Erstellen Sie einen Bericht, um Exposition und Eignung zu vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="37"/>
        <source>No ranked proposals to measure exposure on</source>
        <translation>Keine gerankten Vorschläge, an denen die Exposition gemessen werden kann</translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="40"/>
        <source>Mean exposure 1/log2(1 + rank)</source>
        <translation>Mittlere Exposition 1/log2(1 + Rang)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="42"/>
        <source>Mean merit (the engine&apos;s score)</source>
        <translation>Mittlere Eignung (Score der Engine)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="48"/>
        <source>%1 (ratio %2)</source>
        <translation>%1 (Verhältnis %2)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/exposurechart.cpp" line="63"/>
        <source>Exposure against merit by %1 over %n jobs (NDKL %2; rND of %3: %4)</source>
        <translation>
            <numerusform>Exposition gegenüber Eignung nach %1 über %n Auftrag (NDKL %2; rND von %3: %4)</numerusform>
            <numerusform>Exposition gegenüber Eignung nach %1 über %n Aufträge (NDKL %2; rND von %3: %4)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FairnessExport</name>
    <message>
        <location filename="../ui/fairness/fairnessexport.cpp" line="59"/>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessexport.cpp" line="79"/>
        <location filename="../ui/fairness/fairnessexport.cpp" line="126"/>
        <source>This report has nothing to export.</source>
        <translation>Dieser Bericht enthält nichts zum Exportieren.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessexport.cpp" line="82"/>
        <location filename="../ui/fairness/fairnessexport.cpp" line="129"/>
        <location filename="../ui/fairness/fairnessexport.cpp" line="132"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessexport.cpp" line="89"/>
        <source>Fairness report: %1 by %2</source>
        <translation>Fairness-Bericht: %1 nach %2</translation>
    </message>
</context>
<context>
    <name>FairnessFormat</name>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="19"/>
        <source>%1 (interval undefined)</source>
        <translation>%1 (Intervall nicht definiert)</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="20"/>
        <source>%1 (%2–%3)</source>
        <translation>%1 (%2–%3)</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="28"/>
        <source>&lt; %1</source>
        <translation>&lt; %1</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="44"/>
        <source>suppressed (n &lt; %1)</source>
        <translation>unterdrückt (n &lt; %1)</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="52"/>
        <source>reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="54"/>
        <source>no ratio</source>
        <translation>kein Verhältnis</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="56"/>
        <source>below four-fifths</source>
        <translation>unter vier Fünfteln</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="58"/>
        <source>above 1.25</source>
        <translation>über 1,25</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="59"/>
        <source>within 0.8–1.25</source>
        <translation>innerhalb 0,8–1,25</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="65"/>
        <source>region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="67"/>
        <source>job region</source>
        <translation>Region des Auftrags</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="85"/>
        <source>all time</source>
        <translation>gesamter Zeitraum</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="87"/>
        <source>from %1</source>
        <translation>ab %1</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="89"/>
        <source>until %1</source>
        <translation>bis %1</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="90"/>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
</context>
<context>
    <name>FairnessFunnelChart</name>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="30"/>
        <source>Impact ratio to the reference</source>
        <translation>Impact-Ratio zur Referenz</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="41"/>
        <source>Build a report to see where a disparity enters</source>
        <translation>Erstellen Sie einen Bericht, um zu sehen, wo eine Disparität entsteht</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="82"/>
        <source>%1 (suppressed)</source>
        <translation>%1 (unterdrückt)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="92"/>
        <source>Fair band 0.8–1.25</source>
        <translation>Fairer Bereich 0,8–1,25</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="110"/>
        <source>%1 across the stages: impact ratio per group</source>
        <translation>%1 über die Stufen: Impact-Ratio je Gruppe</translation>
    </message>
</context>
<context>
    <name>FairnessGroupModel</name>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="58"/>
        <source>&lt; %1</source>
        <translation>&lt; %1</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="67"/>
        <source>%1 (reference)</source>
        <translation>%1 (Referenz)</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="125"/>
        <source>Fewer than %1 people in this group at this stage: no figure is shown, so nobody in it can be singled out, and it is not used as the reference.</source>
        <translation>Weniger als %1 Personen in dieser Gruppe auf dieser Stufe: Es wird kein Wert angezeigt, damit niemand darin identifiziert werden kann, und die Gruppe wird nicht als Referenz verwendet.</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="130"/>
        <source>Selected %1 of %2; 95 % Wilson interval.</source>
        <translation>%1 von %2 ausgewählt; 95-%-Wilson-Intervall.</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="132"/>
        <source>The reference group.</source>
        <translation>Die Referenzgruppe.</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="133"/>
        <source>This group&apos;s rate over the reference group&apos;s rate (%1); 95 % Katz log interval. Percentile bootstrap (2,000 resamples): %2.</source>
        <translation>Die Quote dieser Gruppe geteilt durch die Quote der Referenzgruppe (%1); 95-%-Log-Intervall nach Katz. Perzentil-Bootstrap (2.000 Stichproben): %2.</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="139"/>
        <source>Flagged when the ratio lies outside the fair band 0.8–1.25 (the four-fifths rule, 29 CFR 1607.4(D)).</source>
        <translation>Markiert, wenn das Verhältnis außerhalb des fairen Bereichs 0,8–1,25 liegt (die Vier-Fünftel-Regel, 29 CFR 1607.4(D)).</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="144"/>
        <source>Fisher&apos;s exact test against the reference, two-sided; adjusted by Holm across the groups.</source>
        <translation>Exakter Test nach Fisher gegen die Referenz, zweiseitig; über die Gruppen nach Holm adjustiert.</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="145"/>
        <source>Pearson&apos;s χ² test against the reference; adjusted by Holm across the groups.</source>
        <translation>χ²-Test nach Pearson gegen die Referenz; über die Gruppen nach Holm adjustiert.</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="147"/>
        <source>Difference in the rate among those eventually hired (Hardt, Price &amp; Srebro 2016).</source>
        <translation>Differenz der Quote unter den letztlich Eingestellten (Hardt, Price &amp; Srebro 2016).</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="205"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="207"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="209"/>
        <source>Selected</source>
        <translation>Ausgewählt</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="211"/>
        <source>Selection rate (95 % CI)</source>
        <translation>Auswahlquote (95-%-KI)</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="213"/>
        <source>Impact ratio (95 % CI)</source>
        <translation>Impact-Ratio (95-%-KI)</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="215"/>
        <source>Four-fifths</source>
        <translation>Vier Fünftel</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="217"/>
        <source>Parity difference</source>
        <translation>Paritätsdifferenz</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="219"/>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="221"/>
        <source>p (Holm)</source>
        <translation>p (Holm)</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="223"/>
        <source>Equal opportunity</source>
        <translation>Chancengleichheit</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="229"/>
        <source>People at this stage&apos;s input in the group</source>
        <translation>Personen der Gruppe in der Eingabe dieser Stufe</translation>
    </message>
</context>
<context>
    <name>FairnessHistoryModel</name>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="86"/>
        <source>Built</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="88"/>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="90"/>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="92"/>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="94"/>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="96"/>
        <source>Min. n</source>
        <translation>Min. n</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="98"/>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="100"/>
        <source>Data fingerprint</source>
        <translation>Daten-Fingerabdruck</translation>
    </message>
</context>
<context>
    <name>FairnessHistoryView</name>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="21"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="22"/>
        <source>Compare Two</source>
        <translation>Zwei vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="32"/>
        <source>Fairness history</source>
        <translation>Fairness-Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="45"/>
        <source>Select one report to open it, or two to compare them.</source>
        <translation>Wählen Sie einen Bericht aus, um ihn zu öffnen, oder zwei, um sie zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="100"/>
        <source>Could not list the saved reports: %1</source>
        <translation>Die gespeicherten Berichte konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="132"/>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="133"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="146"/>
        <source>Could not open the report: %1</source>
        <translation>Der Bericht konnte nicht geöffnet werden: %1</translation>
    </message>
</context>
<context>
    <name>FairnessJson</name>
    <message>
        <location filename="../services/fairness/fairnessjson.cpp" line="193"/>
        <source>The saved report&apos;s parameters name an unknown stage or reference.</source>
        <translation>Die Parameter des gespeicherten Berichts nennen eine unbekannte Stufe oder Referenz.</translation>
    </message>
</context>
<context>
    <name>FairnessPage</name>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="51"/>
        <source>Build Report</source>
        <translation>Bericht erstellen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="66"/>
        <source>Fairness</source>
        <translation>Fairness</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="96"/>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="97"/>
        <source>Where It Enters</source>
        <translation>Wo die Lücke entsteht</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="98"/>
        <source>Ranking</source>
        <translation>Ranking</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="99"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="100"/>
        <source>Text Bias Queue</source>
        <translation>Text-Bias-Warteschlange</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="110"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="113"/>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="115"/>
        <source>HTML…</source>
        <translation>HTML…</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="116"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="140"/>
        <source>A second attribute makes the groups their intersection (&quot;60+ × female&quot;); each cell is suppressed on its own</source>
        <translation>Ein zweites Attribut macht die Gruppen zu deren Schnittmenge („60+ × weiblich“); jede Zelle wird für sich unterdrückt</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="142"/>
        <source>Highest rate</source>
        <translation>Höchste Quote</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="143"/>
        <source>Largest group</source>
        <translation>Größte Gruppe</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="144"/>
        <location filename="../ui/fairness/fairnesspage.cpp" line="147"/>
        <source>Chosen group</source>
        <translation>Gewählte Gruppe</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="148"/>
        <source>The reference group&apos;s label as the table spells it</source>
        <translation>Die Bezeichnung der Referenzgruppe, wie sie in der Tabelle geschrieben ist</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="152"/>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="158"/>
        <source>Groups with fewer people are shown as suppressed, never as a rate</source>
        <translation>Gruppen mit weniger Personen werden als unterdrückt angezeigt, nie als Quote</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="162"/>
        <source>The first k positions of a ranking: the Shown stage and skew@k count them. A job with fewer ranked proposals than k is not measured on its own</source>
        <translation>Die ersten k Plätze einer Rangfolge: die Stufe „Gezeigt“ und skew@k zählen sie. Ein Auftrag mit weniger gereihten Vorschlägen als k wird nicht für sich gemessen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="181"/>
        <source>&amp;Stage</source>
        <translation>&amp;Stufe</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="182"/>
        <source>&amp;Attribute</source>
        <translation>&amp;Attribut</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="183"/>
        <source>&amp;Reference</source>
        <translation>&amp;Referenz</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="184"/>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="185"/>
        <source>&amp;To</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="186"/>
        <source>&amp;Min. group</source>
        <translation>&amp;Min. Gruppe</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="187"/>
        <source>&amp;k</source>
        <translation>&amp;k</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="197"/>
        <source>Exposure is the position weight 1/log2(1 + rank) averaged over a group&apos;s current proposals, merit their mean score (Singh &amp; Joachims 2018). The ratio under each group is its exposure per merit against the reference group&apos;s: below 1, the group is ranked lower than its scores warrant. NDKL (Geyik et al. 2019) is 0 when every prefix of the rankings has the groups&apos; overall shares; rND (Yang &amp; Stoyanovich 2017) is 0 when the protected group is spread evenly. On the right, the same measures on each job&apos;s own ranking: their mean, median and worst over the jobs, and the worst jobs.</source>
        <translation>Sichtbarkeit ist das Positionsgewicht 1/log2(1 + Rang), gemittelt über die aktuellen Vorschläge einer Gruppe, Verdienst ihre mittlere Bewertung (Singh &amp; Joachims 2018). Das Verhältnis unter jeder Gruppe ist ihre Sichtbarkeit je Verdienst gegenüber der Referenzgruppe: unter 1 steht die Gruppe tiefer, als ihre Bewertungen rechtfertigen. NDKL (Geyik et al. 2019) ist 0, wenn jedes Anfangsstück der Rangfolgen die Gesamtanteile der Gruppen hat; rND (Yang &amp; Stoyanovich 2017) ist 0, wenn die geschützte Gruppe gleichmäßig verteilt ist. Rechts dieselben Maße auf der eigenen Rangfolge jedes Auftrags: Mittelwert, Median und schlechtester Wert über die Aufträge, und die schlechtesten Aufträge.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="241"/>
        <source>Could not list the attributes: %1</source>
        <translation>Die Attribute konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="252"/>
        <location filename="../ui/fairness/fairnesspage.cpp" line="286"/>
        <location filename="../ui/fairness/fairnesspage.cpp" line="404"/>
        <source>no intersection</source>
        <translation>keine Schnittmenge</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="255"/>
        <location filename="../ui/fairness/fairnesspage.cpp" line="286"/>
        <source>× %1</source>
        <translation>× %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="320"/>
        <source>Choose an attribute first.</source>
        <translation>Wählen Sie zuerst ein Attribut.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="325"/>
        <source>Name the reference group, or choose the highest rate or the largest group.</source>
        <translation>Geben Sie die Referenzgruppe an, oder wählen Sie die höchste Quote oder die größte Gruppe.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="330"/>
        <source>The period ends before it starts.</source>
        <translation>Der Zeitraum endet, bevor er beginnt.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="346"/>
        <source>The report was not built: %1</source>
        <translation>Der Bericht wurde nicht erstellt: %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="378"/>
        <source>Could not open the report: %1</source>
        <translation>Der Bericht konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="393"/>
        <source>No report on protected attributes for this connection</source>
        <translation>Kein Bericht über geschützte Attribute für diese Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="394"/>
        <source>Reports count people by group on the database server; even the roles that may build them never see a person&apos;s attribute here. The region stays available below, and the text bias queue does not need the attributes.</source>
        <translation>Berichte zählen Personen nach Gruppen auf dem Datenbankserver; selbst die Rollen, die sie erstellen dürfen, sehen hier nie ein Attribut einer Person. Die Region bleibt unten verfügbar, und die Text-Bias-Warteschlange benötigt die Attribute nicht.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="449"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="450"/>
        <source>HTML documents (*.html)</source>
        <translation>HTML-Dokumente (*.html)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="451"/>
        <source>CSV tables (*.csv)</source>
        <translation>CSV-Tabellen (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="455"/>
        <source>Export the Fairness Report</source>
        <translation>Fairness-Bericht exportieren</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="462"/>
        <source>The report was not exported: %1</source>
        <translation>Der Bericht wurde nicht exportiert: %1</translation>
    </message>
</context>
<context>
    <name>FairnessQueries</name>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="145"/>
        <source>(not recorded)</source>
        <translation>(nicht erfasst)</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="155"/>
        <source>The database refused to read the protected audit attributes (age band, gender, …): your database role is not allowed to. Fairness reports on them need the reviewer or admin role, so that nobody else can link these attributes to people. Ask the workspace&apos;s administrator for the role, or build the report on the region, which is not protected.</source>
        <translation>Die Datenbank hat das Lesen der geschützten Audit-Attribute (Altersgruppe, Geschlecht, …) verweigert: Ihre Datenbankrolle ist dazu nicht berechtigt. Fairness-Berichte über diese Attribute erfordern die Rolle „reviewer“ oder „admin“, damit niemand sonst diese Attribute mit Personen verknüpfen kann. Bitten Sie den Administrator des Arbeitsbereichs um die Rolle, oder erstellen Sie den Bericht über die Region, die nicht geschützt ist.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="165"/>
        <source>Choose an attribute to compare groups by.</source>
        <translation>Wählen Sie ein Attribut, nach dem die Gruppen verglichen werden.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="167"/>
        <source>A report compares groups of one attribute or the intersection of two, not more.</source>
        <translation>Ein Bericht vergleicht Gruppen eines Attributs oder der Schnittmenge zweier Attribute, nicht mehr.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="169"/>
        <source>An intersection needs two different attributes.</source>
        <translation>Eine Schnittmenge benötigt zwei verschiedene Attribute.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="172"/>
        <source>&quot;%1&quot; is not an attribute name.</source>
        <translation>„%1“ ist kein Attributname.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="174"/>
        <source>The minimum group size must be at least 1.</source>
        <translation>Die minimale Gruppengröße muss mindestens 1 betragen.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="176"/>
        <source>k must be between 1 and %1.</source>
        <translation>k muss zwischen 1 und %1 liegen.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="178"/>
        <source>The period starts after it ends.</source>
        <translation>Der Zeitraum beginnt nach seinem Ende.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="180"/>
        <source>The Proposed stage counts people, who have no job region: choose a later stage to compare job regions.</source>
        <translation>Die Stufe „Vorgeschlagen“ zählt Personen, und Personen haben keine Auftragsregion: Wählen Sie eine spätere Stufe, um Auftragsregionen zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="183"/>
        <source>Choose the reference group.</source>
        <translation>Wählen Sie die Referenzgruppe.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="196"/>
        <source>Listing the audit attributes</source>
        <translation>Auflisten der Audit-Attribute</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="297"/>
        <source>Counting outcomes per group</source>
        <translation>Zählen der Ergebnisse je Gruppe</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="328"/>
        <source>Counting ranking positions per group</source>
        <translation>Zählen der Ranglistenpositionen je Gruppe</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="342"/>
        <source>Counting ranked jobs</source>
        <translation>Zählen der gerankten Aufträge</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="394"/>
        <source>Reading each job&apos;s ranking</source>
        <translation>Die Rangfolge jedes Auftrags wird gelesen</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="434"/>
        <location filename="../services/fairness/fairnessqueries.cpp" line="438"/>
        <source>Reading the jobs&apos; titles</source>
        <translation>Die Titel der Aufträge werden gelesen</translation>
    </message>
</context>
<context>
    <name>FairnessRateChart</name>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="31"/>
        <source>Selection rate</source>
        <translation>Auswahlquote</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="42"/>
        <source>Build a report to chart the selection rates</source>
        <translation>Erstellen Sie einen Bericht, um die Auswahlquoten darzustellen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="51"/>
        <source>Selection rate, 95 % interval</source>
        <translation>Auswahlquote, 95-%-Intervall</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="70"/>
        <source>%1 (suppressed)</source>
        <translation>%1 (unterdrückt)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="122"/>
        <source>Reference %1: %2</source>
        <translation>Referenz %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="126"/>
        <source>Four-fifths: 0.8 × %1 = %2</source>
        <translation>Vier Fünftel: 0,8 × %1 = %2</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="133"/>
        <source>%1 by %2</source>
        <translation>%1 nach %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/fairnessratechart.cpp" line="136"/>
        <source> (%n suppressed groups not drawn)</source>
        <translation>
            <numerusform> (%n unterdrückte Gruppe nicht dargestellt)</numerusform>
            <numerusform> (%n unterdrückte Gruppen nicht dargestellt)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FairnessReportBuilder</name>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="149"/>
        <source>The reference group &quot;%1&quot; has fewer than %2 members at this stage (or none), so it cannot be compared with.</source>
        <translation>Die Referenzgruppe „%1“ hat auf dieser Stufe weniger als %2 Mitglieder (oder keine), daher kann nicht mit ihr verglichen werden.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="404"/>
        <source>The gap for %1 at &quot;%2&quot; cannot be traced to the engine: the proposal stage does not report that group.</source>
        <translation>Die Lücke für %1 bei „%2“ lässt sich nicht auf die Engine zurückführen: Die Vorschlagsstufe weist diese Gruppe nicht aus.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="408"/>
        <source>The gap for %1 is already in the engine&apos;s proposals (ratio %2) and is still there at &quot;%3&quot; (ratio %4).</source>
        <translation>Die Lücke für %1 besteht bereits in den Vorschlägen der Engine (Verhältnis %2) und besteht bei „%3“ weiterhin (Verhältnis %4).</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="412"/>
        <source>The gap for %1 enters at &quot;%2&quot; (ratio %3): the engine&apos;s proposals show no such gap (ratio %4), so it comes from the decisions, not from the engine.</source>
        <translation>Die Lücke für %1 entsteht bei „%2“ (Verhältnis %3): Die Vorschläge der Engine zeigen keine solche Lücke (Verhältnis %4), sie stammt also aus den Entscheidungen, nicht aus der Engine.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="418"/>
        <source>No stage shows a significant gap outside the fair band 0.8–1.25.</source>
        <translation>Keine Stufe zeigt eine signifikante Lücke außerhalb des fairen Bereichs 0,8–1,25.</translation>
    </message>
</context>
<context>
    <name>FairnessReportView</name>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="36"/>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="64"/>
        <source>reference: highest rate (%1)</source>
        <translation>Referenz: höchste Quote (%1)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="67"/>
        <source>reference: largest group (%1)</source>
        <translation>Referenz: größte Gruppe (%1)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="70"/>
        <source>reference: %1</source>
        <translation>Referenz: %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="74"/>
        <source>groups under %1 suppressed</source>
        <translation>Gruppen unter %1 unterdrückt</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="76"/>
        <source>decisions of %1</source>
        <translation>Entscheidungen von %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/fairnessreportview.cpp" line="86"/>
        <source>Built %1 by %2 from %n people at this stage; data fingerprint %3</source>
        <translation>
            <numerusform>Erstellt am %1 von %2 aus %n Person auf dieser Stufe; Daten-Fingerabdruck %3</numerusform>
            <numerusform>Erstellt am %1 von %2 aus %n Personen auf dieser Stufe; Daten-Fingerabdruck %3</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="109"/>
        <source>No report yet: choose a stage and an attribute, then Build.</source>
        <translation>Noch kein Bericht: Wählen Sie eine Stufe und ein Attribut, und klicken Sie dann auf „Bericht erstellen“.</translation>
    </message>
</context>
<context>
    <name>FairnessRollup</name>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="178"/>
        <source>The final decision is not counted in the pre-aggregated cells.</source>
        <translation>Die endgültige Entscheidung wird in den vorab aggregierten Zellen nicht gezählt.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="188"/>
        <source>Counting outcomes per group</source>
        <translation>Ergebnisse je Gruppe zählen</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="224"/>
        <source>Counting ranking positions per group</source>
        <translation>Ranglistenplätze je Gruppe zählen</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="238"/>
        <source>Counting ranked jobs</source>
        <translation>Gerankte Aufträge zählen</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="270"/>
        <location filename="../services/fairness/fairnessrollup.cpp" line="286"/>
        <source>Reading each job&apos;s ranking</source>
        <translation>Die Rangfolge jedes Auftrags wird gelesen</translation>
    </message>
</context>
<context>
    <name>FairnessService</name>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="201"/>
        <source>Fairness report</source>
        <translation>Fairness-Bericht</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="202"/>
        <location filename="../services/fairness/fairnessservice.cpp" line="60"/>
        <source>Fairness report: %1 by %2</source>
        <translation>Fairness-Bericht: %1 nach %2</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="204"/>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="204"/>
        <source>the start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="205"/>
        <source>today</source>
        <translation>heute</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="206"/>
        <source>all time</source>
        <translation>gesamter Zeitraum</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="208"/>
        <source>Built by %1 on %2 (UTC).</source>
        <translation>Erstellt von %1 am %2 (UTC).</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="209"/>
        <source>Period: %1. Reference group: %2 (%3). Minimum group size: %4. k = %5.</source>
        <translation>Zeitraum: %1. Referenzgruppe: %2 (%3). Minimale Gruppengröße: %4. k = %5.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="210"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="213"/>
        <source>Decisions of every reviewer.</source>
        <translation>Entscheidungen aller Prüfer.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="213"/>
        <source>Decisions of %1 only.</source>
        <translation>Nur Entscheidungen von %1.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="214"/>
        <source>Data fingerprint (sha256 of the counts): %1</source>
        <translation>Daten-Fingerabdruck (sha256 der Zählungen): %1</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="215"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <source>Selected</source>
        <translation>Ausgewählt</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <source>Rate</source>
        <translation>Quote</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>95 % CI</source>
        <translation>95-%-KI</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <source>Ratio</source>
        <translation>Verhältnis</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>Parity diff.</source>
        <translation>Paritätsdiff.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>p (Holm)</source>
        <translation>p (Holm)</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>Equal opp. diff.</source>
        <translation>Chancengl.-Diff.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>Bootstrap 95 %</source>
        <translation>Bootstrap 95 %</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="227"/>
        <source> (reference)</source>
        <translation> (Referenz)</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="230"/>
        <source>suppressed (n &lt; %1)</source>
        <translation>unterdrückt (n &lt; %1)</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="248"/>
        <source>Ranking fairness</source>
        <translation>Ranking-Fairness</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessexport.cpp" line="249"/>
        <source>Current proposals of %n jobs, pooled by position. NDKL %1; rND of %2: %3.</source>
        <translation>
            <numerusform>Aktuelle Vorschläge für %n Auftrag, nach Position zusammengefasst. NDKL %1; rND von %2: %3.</numerusform>
            <numerusform>Aktuelle Vorschläge für %n Aufträge, nach Position zusammengefasst. NDKL %1; rND von %2: %3.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="108"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Ranked</source>
        <translation>Gerankt</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Exposure</source>
        <translation>Exposition</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Merit (mean score)</source>
        <translation>Eignung (mittlerer Score)</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="109"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Exposure/merit ratio</source>
        <translation>Verhältnis Exposition/Eignung</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="73"/>
        <source>Per job</source>
        <translation>Je Auftrag</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessexport.cpp" line="74"/>
        <source>Each job&apos;s own ranking measured on its own: %n job(s) measured;</source>
        <translation>
            <numerusform>Die eigene Rangfolge jedes Auftrags für sich gemessen: %n Auftrag gemessen;</numerusform>
            <numerusform>Die eigene Rangfolge jedes Auftrags für sich gemessen: %n Aufträge gemessen;</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="76"/>
        <source>not measured: %1 with fewer than %2 ranked proposals, %3 without a proposal of %4, %5 with nothing but %4.</source>
        <translation>nicht gemessen: %1 mit weniger als %2 gereihten Vorschlägen, %3 ohne Vorschlag von %4, %5 mit nichts als %4.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="84"/>
        <source>Measure</source>
        <translation>Maß</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="84"/>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="84"/>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="85"/>
        <source>Worst</source>
        <translation>Schlechtester</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="85"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="91"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="108"/>
        <source>NDKL</source>
        <translation>NDKL</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="92"/>
        <source>rND of %1</source>
        <translation>rND von %1</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="93"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="96"/>
        <source>skew@%1 of %2</source>
        <translation>skew@%1 von %2</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="94"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="98"/>
        <source>Exposure/merit ratio of %1</source>
        <translation>Sichtbarkeit/Verdienst von %1</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="97"/>
        <source>Exposure of %1</source>
        <translation>Sichtbarkeit von %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessexport.cpp" line="103"/>
        <source>In %n job(s) %1 is absent from the top %2 (skew −∞); the mean leaves them out, the median and the worst take them.</source>
        <translation>
            <numerusform>In %n Auftrag fehlt %1 unter den ersten %2 (skew −∞); der Mittelwert lässt ihn aus, Median und schlechtester Wert nehmen ihn.</numerusform>
            <numerusform>In %n Aufträgen fehlt %1 unter den ersten %2 (skew −∞); der Mittelwert lässt sie aus, Median und schlechtester Wert nehmen sie.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="108"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="109"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="252"/>
        <source>skew@%1</source>
        <translation>skew@%1</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="109"/>
        <source>rND</source>
        <translation>rND</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessexport.cpp" line="120"/>
        <source>%n measured job(s) not named: a group in them has fewer than %1 ranked proposals there, and a named job&apos;s measures would tell those people&apos;s attributes.</source>
        <translation>
            <numerusform>%n gemessener Auftrag nicht genannt: eine Gruppe darin hat dort weniger als %1 gereihte Vorschläge, und die Maße eines genannten Auftrags verrieten die Merkmale dieser Personen.</numerusform>
            <numerusform>%n gemessene Aufträge nicht genannt: eine Gruppe darin hat dort weniger als %1 gereihte Vorschläge, und die Maße eines genannten Auftrags verrieten die Merkmale dieser Personen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="263"/>
        <source>Definitions</source>
        <translation>Definitionen</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="264"/>
        <source>Rates with Wilson (1927) score intervals; ratios to the reference with the Katz et al. (1978) log interval and a percentile bootstrap (2,000 resamples, seeded from the counts); the four-fifths rule (29 CFR 1607.4(D)) with the fair band 0.8–1.25; Fisher&apos;s exact test where an expected count is below 5, else Pearson&apos;s χ², Holm (1979) across groups; equal opportunity after Hardt, Price &amp; Srebro (2016) with hiring as the outcome. Exposure 1/log2(1 + rank) after Singh &amp; Joachims (2018); skew@k and NDKL after Geyik, Ambler &amp; Kenthapadi (2019); rND after Yang &amp; Stoyanovich (2017), cut every 10 positions (every 2 in rankings shorter than 20). Groups under the minimum size are suppressed.</source>
        <translation>Quoten mit Score-Intervallen nach Wilson (1927); Verhältnisse zur Referenz mit dem Log-Intervall nach Katz et al. (1978) und einem Perzentil-Bootstrap (2.000 Stichproben, aus den Zählungen geseedet); die Vier-Fünftel-Regel (29 CFR 1607.4(D)) mit dem fairen Band 0,8–1,25; Fishers exakter Test, wo eine erwartete Zahl unter 5 liegt, sonst Pearsons χ², Holm (1979) über die Gruppen; Chancengleichheit nach Hardt, Price &amp; Srebro (2016) mit der Einstellung als Ergebnis. Exposition 1/log2(1 + Rang) nach Singh &amp; Joachims (2018); skew@k und NDKL nach Geyik, Ambler &amp; Kenthapadi (2019); rND nach Yang &amp; Stoyanovich (2017), geschnitten alle 10 Plätze (alle 2 bei Ranglisten unter 20). Gruppen unter der Mindestgröße werden unterdrückt.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="25"/>
        <source>The fairness service was closed.</source>
        <translation>Der Fairness-Dienst wurde geschlossen.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="30"/>
        <source>The fairness report was cancelled.</source>
        <translation>Der Fairness-Bericht wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="102"/>
        <source>Counting: %1</source>
        <translation>Zählen: %1</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="114"/>
        <source>Counting ranking positions</source>
        <translation>Zählen der Ranglistenpositionen</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="123"/>
        <source>Reading each job&apos;s ranking</source>
        <translation>Die Rangfolge jedes Auftrags wird gelesen</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="167"/>
        <source>Saving the report</source>
        <translation>Speichern des Berichts</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="189"/>
        <source>Bias scan with the word lists and the model</source>
        <translation>Bias-Scan mit den Wortlisten und dem Modell</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="189"/>
        <source>Bias scan with the word lists</source>
        <translation>Bias-Scan mit den Wortlisten</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="227"/>
        <source>Reading the texts</source>
        <translation>Lesen der Texte</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="248"/>
        <source>Checking %1 of %2</source>
        <translation>Prüfen von %1 von %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessservice.cpp" line="298"/>
        <source>The bias scan was cancelled after %n items; those are saved.</source>
        <translation>
            <numerusform>Der Bias-Scan wurde nach %n Eintrag abgebrochen; dieser ist gespeichert.</numerusform>
            <numerusform>Der Bias-Scan wurde nach %n Einträgen abgebrochen; diese sind gespeichert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FairnessStageView</name>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="20"/>
        <source>Each stage compares the groups among the people who reached it. A ratio that is fair at the engine&apos;s proposals and falls below 0.8 at an approval shows the gap enters with the decisions, not with the model.</source>
        <translation>Jede Stufe vergleicht die Gruppen unter den Personen, die sie erreicht haben. Ein Verhältnis, das bei den Vorschlägen der Engine fair ist und bei einer Annahme unter 0,8 fällt, zeigt, dass die Lücke mit den Entscheidungen entsteht, nicht mit dem Modell.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="24"/>
        <source>Stages</source>
        <translation>Stufen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="70"/>
        <source>rate %1 · reference</source>
        <translation>Quote %1 · Referenz</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="72"/>
        <source>rate %1 · ratio %2</source>
        <translation>Quote %1 · Verhältnis %2</translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="74"/>
        <source>Impact ratio %1, p (Holm) %2</source>
        <translation>Impact-Ratio %1, p (Holm) %2</translation>
    </message>
</context>
<context>
    <name>FairnessStore</name>
    <message>
        <location filename="../services/fairness/fairnessstore.cpp" line="49"/>
        <location filename="../services/fairness/fairnessstore.cpp" line="57"/>
        <source>Saving the fairness report</source>
        <translation>Speichern des Fairness-Berichts</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessstore.cpp" line="68"/>
        <source>Listing the saved fairness reports</source>
        <translation>Auflisten der gespeicherten Fairness-Berichte</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessstore.cpp" line="88"/>
        <location filename="../services/fairness/fairnessstore.cpp" line="91"/>
        <source>Reading the fairness report</source>
        <translation>Lesen des Fairness-Berichts</translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessstore.cpp" line="93"/>
        <source>There is no saved fairness report with this id.</source>
        <translation>Es gibt keinen gespeicherten Fairness-Bericht mit dieser ID.</translation>
    </message>
</context>
<context>
    <name>FilterChip</name>
    <message>
        <location filename="../ui/memories/filterchip.cpp" line="15"/>
        <source>Click to change this condition</source>
        <translation>Klicken, um diese Bedingung zu ändern</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchip.cpp" line="21"/>
        <source>Remove this condition</source>
        <translation>Diese Bedingung entfernen</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchip.cpp" line="22"/>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
</context>
<context>
    <name>FilterChipEditor</name>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="43"/>
        <source>Filter by creation date</source>
        <translation>Nach Erstellungsdatum filtern</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="45"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="46"/>
        <source>Until</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="62"/>
        <source>Filter by tag</source>
        <translation>Nach Schlagwort filtern</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="62"/>
        <source>Filter by tone</source>
        <translation>Nach Ton filtern</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="71"/>
        <source>Another tag…</source>
        <translation>Weiteres Schlagwort…</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="71"/>
        <source>Another tone…</source>
        <translation>Weiterer Ton…</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="72"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="88"/>
        <source>Memories with any of these tags:</source>
        <translation>Erinnerungen mit einem dieser Schlagwörter:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="88"/>
        <source>Memories in any of these tones:</source>
        <translation>Erinnerungen in einem dieser Töne:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="96"/>
        <source>Filter by session</source>
        <translation>Nach Sitzung filtern</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="96"/>
        <source>Filter by user</source>
        <translation>Nach Nutzer filtern</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="98"/>
        <source>Session id, exactly</source>
        <translation>Sitzungs-ID (exakt)</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="98"/>
        <source>User id, exactly</source>
        <translation>Nutzer-ID (exakt)</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="100"/>
        <source>Session:</source>
        <translation>Sitzung:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="100"/>
        <source>User:</source>
        <translation>Nutzer:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="104"/>
        <source>Filter by priority</source>
        <translation>Nach Priorität filtern</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="105"/>
        <source>At least</source>
        <translation>Mindestens</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="106"/>
        <source>At most</source>
        <translation>Höchstens</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="111"/>
        <source>Stored priority, or its manual override:</source>
        <translation>Gespeicherte Priorität bzw. ihr manuell überschriebener Wert:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="116"/>
        <source>Filter by archetype metric</source>
        <translation>Nach Archetyp-Metrik filtern</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="129"/>
        <source>Archetype:</source>
        <translation>Archetyp:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="130"/>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="131"/>
        <source>At least:</source>
        <translation>Mindestens:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="135"/>
        <source>Filter by cluster</source>
        <translation>Nach Cluster filtern</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="147"/>
        <source>Cluster run:</source>
        <translation>Cluster-Lauf:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="148"/>
        <source>Cluster:</source>
        <translation>Cluster:</translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="155"/>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
</context>
<context>
    <name>JobRankingModel</name>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="45"/>
        <source>The job whose own ranking is measured</source>
        <translation>Der Auftrag, dessen eigene Rangfolge gemessen wird</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="47"/>
        <source>How many current proposals the job&apos;s ranking holds (all groups together)</source>
        <translation>Wie viele aktuelle Vorschläge die Rangfolge des Auftrags enthält (alle Gruppen zusammen)</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="49"/>
        <source>NDKL (Geyik et al. 2019): how far each prefix of the job&apos;s ranking strays from the groups&apos; shares in the whole ranking, weighted towards the top. 0 = every prefix has the same shares; larger is worse</source>
        <translation>NDKL (Geyik et al. 2019): wie weit jedes Anfangsstück der Rangfolge des Auftrags von den Anteilen der Gruppen in der ganzen Rangfolge abweicht, zur Spitze hin stärker gewichtet. 0 = jedes Anfangsstück hat dieselben Anteile; größer ist schlechter</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="53"/>
        <source>rND of %1 (Yang &amp; Stoyanovich 2017): the gap between %1&apos;s share in the ranking&apos;s prefixes and its overall share, scaled so that 0 = spread evenly and 1 = all at the top or all at the bottom</source>
        <translation>rND von %1 (Yang &amp; Stoyanovich 2017): der Abstand zwischen dem Anteil von %1 in den Anfangsstücken der Rangfolge und seinem Gesamtanteil, so skaliert, dass 0 = gleichmäßig verteilt und 1 = alle oben oder alle unten</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="57"/>
        <source>skew@%1 of %2 (Geyik et al. 2019): ln(share of %2 among the first %1 / its share in the whole ranking). 0 = as often in the top %1 as in the ranking, negative = less often, −∞ = absent from the top %1</source>
        <translation>skew@%1 von %2 (Geyik et al. 2019): ln(Anteil von %2 unter den ersten %1 / sein Anteil in der ganzen Rangfolge). 0 = unter den ersten %1 so oft wie in der Rangfolge, negativ = seltener, −∞ = fehlt unter den ersten %1</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="63"/>
        <source>Exposure/merit ratio of %1 (Singh &amp; Joachims 2018): its mean exposure 1/log2(1 + rank) per mean score, against the reference group&apos;s in the same job. 1 = exposure in proportion to merit, below 1 = ranked lower than its scores warrant</source>
        <translation>Sichtbarkeit/Verdienst von %1 (Singh &amp; Joachims 2018): seine mittlere Sichtbarkeit 1/log2(1 + Rang) je mittlerer Bewertung, gegenüber der Referenzgruppe im selben Auftrag. 1 = Sichtbarkeit im Verhältnis zum Verdienst, unter 1 = tiefer gereiht, als seine Bewertungen rechtfertigen</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="130"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="132"/>
        <source>Ranked</source>
        <translation>Gereiht</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="134"/>
        <source>NDKL</source>
        <translation>NDKL</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="136"/>
        <source>rND</source>
        <translation>rND</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="138"/>
        <source>skew@%1</source>
        <translation>skew@%1</translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="140"/>
        <source>Exposure/merit</source>
        <translation>Sichtbarkeit/Verdienst</translation>
    </message>
</context>
<context>
    <name>LearningChart</name>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="39"/>
        <source>Precision@k (replay)</source>
        <translation>Precision@k (Nachrechnung)</translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="41"/>
        <source>NDCG@k (replay)</source>
        <translation>NDCG@k (Nachrechnung)</translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="43"/>
        <source>ROC AUC (replay)</source>
        <translation>ROC AUC (Nachrechnung)</translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="45"/>
        <source>Cross-validated AUC (fit)</source>
        <translation>Kreuzvalidierte AUC (Anpassung)</translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="47"/>
        <source>Cross-validated log-loss (fit)</source>
        <translation>Kreuzvalidierter Log-Loss (Anpassung)</translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="57"/>
        <source>Select one version to chart its learning metrics</source>
        <translation>Wählen Sie eine Version aus, um ihre Lernmetriken darzustellen</translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="76"/>
        <source>No learning metrics for %1 yet: replay it or suggest weights from it</source>
        <translation>Noch keine Lernmetriken für %1: Rechnen Sie sie nach oder schlagen Sie auf ihrer Grundlage Gewichte vor</translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="98"/>
        <source>Learning metrics of %1 over time</source>
        <translation>Lernmetriken von %1 im Zeitverlauf</translation>
    </message>
</context>
<context>
    <name>LearningStore</name>
    <message>
        <location filename="../services/matching/learningstore.cpp" line="22"/>
        <source>Reading match reviews</source>
        <translation>Lesen der Vorschlagsprüfungen</translation>
    </message>
    <message>
        <location filename="../services/matching/learningstore.cpp" line="44"/>
        <source>A learning metric needs a model version and a type; nothing was saved.</source>
        <translation>Eine Lernmetrik benötigt eine Modellversion und einen Typ; es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <location filename="../services/matching/learningstore.cpp" line="55"/>
        <location filename="../services/matching/learningstore.cpp" line="70"/>
        <source>Saving learning metrics</source>
        <translation>Speichern der Lernmetriken</translation>
    </message>
    <message>
        <location filename="../services/matching/learningstore.cpp" line="85"/>
        <source>Reading learning metrics</source>
        <translation>Lesen der Lernmetriken</translation>
    </message>
</context>
<context>
    <name>LinksTree</name>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Strength</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Other memory</source>
        <translation>Andere Erinnerung</translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="26"/>
        <source>Double-click a link to open the memory on the other end.</source>
        <translation>Doppelklicken Sie auf eine Verknüpfung, um die Erinnerung am anderen Ende zu öffnen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="46"/>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="46"/>
        <source>Incoming</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="54"/>
        <source>Origin: %1</source>
        <translation>Herkunft: %1</translation>
    </message>
</context>
<context>
    <name>LlmBiasDetector</name>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="100"/>
        <source>The model&apos;s answer does not follow the schema (%1).</source>
        <translation>Die Antwort des Modells entspricht nicht dem Schema (%1).</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="118"/>
        <source>The model quoted &quot;%1&quot;, which is not in the text.</source>
        <translation>Das Modell hat „%1“ zitiert, was nicht im Text vorkommt.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="134"/>
        <source>No OpenAI connection is set up, so the model could not check the text.</source>
        <translation>Es ist keine OpenAI-Verbindung eingerichtet, daher konnte das Modell den Text nicht prüfen.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="155"/>
        <location filename="../services/fairness/biasdetector.cpp" line="173"/>
        <source>The OpenAI connection was closed.</source>
        <translation>Die OpenAI-Verbindung wurde geschlossen.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="168"/>
        <source>The scan was cancelled.</source>
        <translation>Der Scan wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="178"/>
        <source>The model declined to check the text: %1</source>
        <translation>Das Modell hat die Prüfung des Textes abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="180"/>
        <source>The model&apos;s answer was cut off before its JSON was complete.</source>
        <translation>Die Antwort des Modells wurde abgeschnitten, bevor ihr JSON vollständig war.</translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="184"/>
        <source>The model&apos;s answer is not a JSON object.</source>
        <translation>Die Antwort des Modells ist kein JSON-Objekt.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="173"/>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="176"/>
        <source>Memories</source>
        <translation>Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="177"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="178"/>
        <source>Archetypes</source>
        <translation>Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="179"/>
        <source>Matches</source>
        <translation>Vorschläge</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="180"/>
        <source>Model registry</source>
        <translation>Modellregister</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="181"/>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="182"/>
        <source>Fairness</source>
        <translation>Fairness</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/mainwindow.cpp" line="213"/>
        <source>%n decisions waiting to be saved</source>
        <translation>
            <numerusform>%n Entscheidung wartet auf das Speichern</numerusform>
            <numerusform>%n Entscheidungen warten auf das Speichern</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="231"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="234"/>
        <source>Connect to &amp;PostgreSQL…</source>
        <translation>Mit &amp;PostgreSQL verbinden…</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="240"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="246"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="249"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="252"/>
        <source>&amp;Memories</source>
        <translation>&amp;Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="252"/>
        <source>Ma&amp;p</source>
        <translation>&amp;Karte</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="253"/>
        <source>&amp;Archetypes</source>
        <translation>&amp;Archetypen</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="253"/>
        <source>Matc&amp;hes</source>
        <translation>&amp;Vorschläge</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="254"/>
        <source>Model &amp;Registry</source>
        <translation>Modell&amp;register</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="254"/>
        <source>Re&amp;view</source>
        <translation>&amp;Prüfung</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="255"/>
        <source>&amp;Fairness</source>
        <translation>&amp;Fairness</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="269"/>
        <source>&amp;Tasks Panel</source>
        <translation>&amp;Aufgabenbereich</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="278"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="279"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="284"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="285"/>
        <source>&amp;Keyboard Shortcuts…</source>
        <translation>&amp;Tastenkürzel…</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="290"/>
        <source>&amp;About Sextant…</source>
        <translation>Über &amp;Sextant…</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="293"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="344"/>
        <source>Decisions waiting</source>
        <translation>Wartende Entscheidungen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/mainwindow.cpp" line="345"/>
        <source>%n review decisions are not in the database yet. They are kept on this computer and sent at the next start. Quit now?</source>
        <translation>
            <numerusform>%n Prüfentscheidung ist noch nicht in der Datenbank. Sie wird auf diesem Computer aufbewahrt und beim nächsten Start gesendet. Jetzt beenden?</numerusform>
            <numerusform>%n Prüfentscheidungen sind noch nicht in der Datenbank. Sie werden auf diesem Computer aufbewahrt und beim nächsten Start gesendet. Jetzt beenden?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="442"/>
        <source>Could not count the workspace: %1</source>
        <translation>Die Einträge des Arbeitsbereichs konnten nicht gezählt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="448"/>
        <source>Signed in as %1.
%2</source>
        <translation>Angemeldet als %1.
%2</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="484"/>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="504"/>
        <source>About Sextant</source>
        <translation>Über Sextant</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="505"/>
        <source>&lt;h3&gt;Sextant %1&lt;/h3&gt;&lt;p&gt;A desktop operator console for the EUMAS memory system and the 8thDegree freelancer marketplace: browse memories with their archetype evaluations, priorities and links, and follow the archetypes&apos; state over time.&lt;/p&gt;&lt;p&gt;License: MIT&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Sextant %1&lt;/h3&gt;&lt;p&gt;Eine Desktop-Bedienkonsole für das EUMAS-Erinnerungssystem und den 8thDegree-Freelancer-Marktplatz: Durchsuchen Sie Erinnerungen mit ihren Archetyp-Bewertungen, Prioritäten und Verknüpfungen, und verfolgen Sie den Zustand der Archetypen im Zeitverlauf.&lt;/p&gt;&lt;p&gt;Lizenz: MIT&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MaintenanceDialog</name>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="35"/>
        <source>Older than</source>
        <translation>Älter als</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="37"/>
        <source>Priority after decay below</source>
        <translation>Priorität nach Abklingen unter</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="39"/>
        <source>Near-duplicates at cosine ≥</source>
        <translation>Beinahe-Duplikate ab Kosinus ≥</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="41"/>
        <source>Preview pruning</source>
        <translation>Vorschau der Bereinigung</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="42"/>
        <source>Preview decay pass</source>
        <translation>Vorschau des Abklingdurchlaufs</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="46"/>
        <source>Restore this batch</source>
        <translation>Diesen Stapel wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="48"/>
        <source>Memory maintenance</source>
        <translation>Wartung der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="52"/>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="64"/>
        <source>Pruning policy</source>
        <translation>Bereinigungsregeln</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="66"/>
        <source>Archives memories that meet every rule checked above the line, and the weaker of each pair of near-duplicates (the lower priority after decay, then the older). Long-term and core memories are never pruned. Archiving is soft: the batch can be restored in one click.</source>
        <translation>Archiviert Erinnerungen, die alle oberhalb der Linie angehakten Regeln erfüllen, sowie von jedem Paar von Beinahe-Duplikaten die schwächere (die mit der niedrigeren Priorität nach dem Abklingen, dann die ältere). Langzeit- und Kernerinnerungen werden nie bereinigt. Das Archivieren ist umkehrbar: Der Stapel lässt sich mit einem Klick wiederherstellen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="88"/>
        <source>Choose a policy and preview it; nothing changes before you confirm.</source>
        <translation>Regeln auswählen und in der Vorschau prüfen; vor der Bestätigung ändert sich nichts.</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="101"/>
        <source>Archive</source>
        <translation>Archivieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="16"/>
        <source>old</source>
        <translation>alt</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="18"/>
        <source>low priority</source>
        <translation>niedrige Priorität</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="20"/>
        <source>near-duplicate (%1)</source>
        <translation>Beinahe-Duplikat (%1)</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="33"/>
        <source>Check at least one rule to preview.</source>
        <translation>Für eine Vorschau mindestens eine Regel anhaken.</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="53"/>
        <source>Reading the memories…</source>
        <translation>Erinnerungen werden gelesen…</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="59"/>
        <source>Could not read the memories: %1</source>
        <translation>Die Erinnerungen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="62"/>
        <source>Computing the preview…</source>
        <translation>Vorschau wird berechnet…</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="65"/>
        <source>Decay pass preview</source>
        <translation>Vorschau des Abklingdurchlaufs</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="79"/>
        <source>Pruning preview</source>
        <translation>Vorschau der Bereinigung</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="95"/>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="126"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="95"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="95"/>
        <source>Priority after decay</source>
        <translation>Priorität nach Abklingen</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="95"/>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="106"/>
        <source>Keeps %1</source>
        <translation>Behält %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="111"/>
        <source>%n memories would be archived, of %1 scanned: %2 old, %3 low priority, %4 near-duplicates. %5 long-term or core memories matched and are kept.</source>
        <translation>
            <numerusform>%n von %1 geprüften Erinnerungen würde archiviert: %2 alt, %3 mit niedriger Priorität, %4 Beinahe-Duplikate. %5 Langzeit- oder Kernerinnerungen trafen zu und bleiben erhalten.</numerusform>
            <numerusform>%n von %1 geprüften Erinnerungen würden archiviert: %2 alt, %3 mit niedriger Priorität, %4 Beinahe-Duplikate. %5 Langzeit- oder Kernerinnerungen trafen zu und bleiben erhalten.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="119"/>
        <source>Archive %n memories</source>
        <translation>
            <numerusform>%n Erinnerung archivieren</numerusform>
            <numerusform>%n Erinnerungen archivieren</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="126"/>
        <source>Priority now</source>
        <translation>Aktuelle Priorität</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="126"/>
        <source>After the pass</source>
        <translation>Nach dem Durchlauf</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="126"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="140"/>
        <source>The decay pass would lower the stored priority of %n memories, of %1 scanned. %2 long-term, core or overridden memories never decay.</source>
        <translation>
            <numerusform>Der Abklingdurchlauf würde die gespeicherte Priorität von %n der %1 geprüften Erinnerungen senken. %2 Langzeit-, Kern- oder überschriebene Erinnerungen klingen nie ab.</numerusform>
            <numerusform>Der Abklingdurchlauf würde die gespeicherte Priorität von %n der %1 geprüften Erinnerungen senken. %2 Langzeit-, Kern- oder überschriebene Erinnerungen klingen nie ab.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="145"/>
        <source>Write %n priorities</source>
        <translation>
            <numerusform>%n Priorität schreiben</numerusform>
            <numerusform>%n Prioritäten schreiben</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="156"/>
        <source>Archive pruned memories</source>
        <translation>Bereinigte Erinnerungen archivieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="156"/>
        <source>Decay pass</source>
        <translation>Abklingdurchlauf</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="160"/>
        <source>Nothing was changed: %1</source>
        <translation>Es wurde nichts geändert: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="162"/>
        <source>Archived %n memories as one batch.</source>
        <translation>
            <numerusform>%n Erinnerung in einem Stapel archiviert.</numerusform>
            <numerusform>%n Erinnerungen in einem Stapel archiviert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="163"/>
        <source>Lowered the priority of %n memories as one batch.</source>
        <translation>
            <numerusform>Priorität von %n Erinnerung in einem Stapel gesenkt.</numerusform>
            <numerusform>Priorität von %n Erinnerungen in einem Stapel gesenkt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="166"/>
        <source>%n changed since the preview and were left as they are.</source>
        <translation>
            <numerusform>%n hat sich seit der Vorschau geändert und wurde nicht angetastet.</numerusform>
            <numerusform>%n haben sich seit der Vorschau geändert und wurden nicht angetastet.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="169"/>
        <source>Restore this batch to undo it.</source>
        <translation>Zum Rückgängigmachen diesen Stapel wiederherstellen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="188"/>
        <source>Could not restore the batch: %1</source>
        <translation>Der Stapel konnte nicht wiederhergestellt werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="190"/>
        <source>Restored %n memories of the batch.</source>
        <translation>
            <numerusform>%n Erinnerung des Stapels wiederhergestellt.</numerusform>
            <numerusform>%n Erinnerungen des Stapels wiederhergestellt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapData</name>
    <message>
        <location filename="../services/map/mapdata.cpp" line="87"/>
        <source>Fingerprinting the map&apos;s data</source>
        <translation>Berechnen des Fingerabdrucks der Kartendaten</translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="101"/>
        <source>There is nothing to map: no unarchived memory has an embedding.</source>
        <translation>Es gibt nichts darzustellen: Keine nicht archivierte Erinnerung hat eine Einbettung.</translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="104"/>
        <source>There is nothing to map: no memory matching the filter has an embedding.</source>
        <translation>Es gibt nichts darzustellen: Keine zum Filter passende Erinnerung hat eine Einbettung.</translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="107"/>
        <source>There is nothing to map: no freelancer has an embedding.</source>
        <translation>Es gibt nichts darzustellen: Kein Freelancer hat eine Einbettung.</translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="110"/>
        <source>There is nothing to map: no job has an embedding.</source>
        <translation>Es gibt nichts darzustellen: Kein Auftrag hat eine Einbettung.</translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="180"/>
        <source>Listing the map&apos;s points</source>
        <translation>Auflisten der Punkte der Karte</translation>
    </message>
    <message>
        <location filename="../services/map/mapdataattributes.cpp" line="96"/>
        <location filename="../services/map/mapdataattributes.cpp" line="98"/>
        <source>Reading the map&apos;s points</source>
        <translation>Lesen der Punkte der Karte</translation>
    </message>
    <message>
        <location filename="../services/map/mapdataattributes.cpp" line="184"/>
        <location filename="../services/map/mapdataattributes.cpp" line="186"/>
        <source>Reading archetype metrics</source>
        <translation>Lesen der Archetyp-Metriken</translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="113"/>
        <source>Only a map of memories can be written back as links.</source>
        <translation>Nur eine Karte von Erinnerungen kann als Verknüpfungen zurückgeschrieben werden.</translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="116"/>
        <source>The cluster run&apos;s points are incomplete.</source>
        <translation>Die Punkte des Cluster-Laufs sind unvollständig.</translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="127"/>
        <location filename="../services/map/mapdatalinks.cpp" line="129"/>
        <source>Checking the cluster run&apos;s memories</source>
        <translation>Prüfen der Erinnerungen des Cluster-Laufs</translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="148"/>
        <source>Removing earlier cluster links</source>
        <translation>Entfernen früherer Cluster-Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="154"/>
        <location filename="../services/map/mapdatalinks.cpp" line="167"/>
        <source>Writing cluster links</source>
        <translation>Schreiben der Cluster-Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="169"/>
        <source>Writing cluster links was cancelled; nothing was changed.</source>
        <translation>Das Schreiben der Cluster-Verknüpfungen wurde abgebrochen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../services/map/mapdatasql.h" line="60"/>
        <source>Reading the map&apos;s data was cancelled.</source>
        <translation>Das Lesen der Kartendaten wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>MapExport</name>
    <message>
        <location filename="../ui/map/mapexport.cpp" line="15"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/map/mapexport.cpp" line="85"/>
        <source>the image could not be encoded as PNG</source>
        <translation>das Bild konnte nicht als PNG kodiert werden</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../ui/map/mappage.cpp" line="38"/>
        <source>Show in Memories</source>
        <translation>In Erinnerungen anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="39"/>
        <source>Open the selected points in the memory browser</source>
        <translation>Die ausgewählten Punkte in der Erinnerungsansicht öffnen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="43"/>
        <source>No map yet. Choose what to map and how, then press Run.
Runs are saved in the workspace and reopen instantly.</source>
        <translation>Noch keine Karte. Wählen Sie, was wie dargestellt werden soll, und klicken Sie dann auf „Ausführen“.
Läufe werden im Arbeitsbereich gespeichert und öffnen sich sofort wieder.</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="63"/>
        <source>Clear</source>
        <translation>Aufheben</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="64"/>
        <source>Show every point alike again</source>
        <translation>Alle Punkte wieder gleich zeigen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="124"/>
        <source>Neighbour layout keeps similar points together (like UMAP); PCA is the fastest linear view</source>
        <translation>Das Nachbarschaftslayout hält ähnliche Punkte beieinander (wie UMAP); PCA ist die schnellste lineare Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="129"/>
        <source>k-means on the vectors (k chosen by silhouette on a sample, or yours), or density clustering of the map, which also finds points that belong to no cluster</source>
        <translation>k-means auf den Vektoren (k per Silhouette an einer Stichprobe gewählt oder von Ihnen vorgegeben) oder dichtebasiertes Clustering der Karte, das auch Punkte findet, die zu keinem Cluster gehören</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="134"/>
        <source>k = </source>
        <translation>k = </translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="135"/>
        <source>Number of clusters</source>
        <translation>Anzahl der Cluster</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="137"/>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="140"/>
        <source>Compute the map as a task (Tasks panel: progress and cancel); an unchanged run is reused</source>
        <translation>Die Karte als Aufgabe berechnen (Aufgabenbereich: Fortschritt und Abbrechen); ein unveränderter Lauf wird wiederverwendet</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="144"/>
        <source>Saved cluster runs of this workspace, newest first</source>
        <translation>Gespeicherte Cluster-Läufe dieses Arbeitsbereichs, neueste zuerst</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="148"/>
        <source>Score another run against this one and colour matching clusters alike</source>
        <translation>Einen anderen Lauf mit diesem vergleichen und übereinstimmende Cluster gleich einfärben</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="150"/>
        <source>Map:</source>
        <translation>Karte:</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="157"/>
        <source>Saved runs:</source>
        <translation>Gespeicherte Läufe:</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="159"/>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="179"/>
        <source>What the points&apos; colours show</source>
        <translation>Was die Farben der Punkte zeigen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="180"/>
        <source>Colour: cluster</source>
        <translation>Farbe: Cluster</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="181"/>
        <source>Colour: priority</source>
        <translation>Farbe: Priorität</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="182"/>
        <source>Colour: time created</source>
        <translation>Farbe: Erstellungszeit</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="183"/>
        <source>Colour: tone</source>
        <translation>Farbe: Ton</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="185"/>
        <source>Colour: %1 %2</source>
        <translation>Farbe: %1 %2</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="203"/>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="203"/>
        <source>Drag to pan, wheel to zoom, click to select a point</source>
        <translation>Ziehen zum Verschieben, Mausrad zum Zoomen, Klicken zum Auswählen eines Punkts</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="205"/>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="205"/>
        <source>Drag a rectangle to select (or Shift+drag with Pan)</source>
        <translation>Zum Auswählen ein Rechteck aufziehen (oder Umschalt+Ziehen mit „Verschieben“)</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="207"/>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="207"/>
        <source>Draw around points to select them (or Alt+drag with Pan)</source>
        <translation>Zum Auswählen Punkte umranden (oder Alt+Ziehen mit „Verschieben“)</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="210"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="211"/>
        <source>Show the whole map (Home)</source>
        <translation>Die ganze Karte anzeigen (Pos1)</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="216"/>
        <source>Highlight points whose text contains…</source>
        <translation>Punkte mit diesem Text hervorheben…</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="217"/>
        <source>Highlight points</source>
        <translation>Punkte hervorheben</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="226"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="229"/>
        <source>Image (PNG)…</source>
        <translation>Bild (PNG)…</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="230"/>
        <source>Vector Image (SVG)…</source>
        <translation>Vektorgrafik (SVG)…</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="231"/>
        <source>Points (CSV)…</source>
        <translation>Punkte (CSV)…</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="233"/>
        <source>Write Clusters as semantic_cluster Links</source>
        <translation>Cluster als semantic_cluster-Verknüpfungen schreiben</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="234"/>
        <source>Write Cluster Members for Other Tools</source>
        <translation>Cluster-Mitglieder für andere Werkzeuge schreiben</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="261"/>
        <source>Show Cluster in Memories</source>
        <translation>Cluster in Erinnerungen anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="266"/>
        <source>Rename Cluster…</source>
        <translation>Cluster umbenennen…</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="274"/>
        <source>Point details</source>
        <translation>Punktdetails</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="275"/>
        <source>Clusters</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="276"/>
        <source>Click a point to read it here.</source>
        <translation>Klicken Sie auf einen Punkt, um ihn hier zu lesen.</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="27"/>
        <source>Export Map as SVG</source>
        <translation>Karte als SVG exportieren</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="27"/>
        <source>Export Map as PNG</source>
        <translation>Karte als PNG exportieren</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="29"/>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="29"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="36"/>
        <source>Map: export SVG</source>
        <translation>Karte: SVG exportieren</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="42"/>
        <source>Map: export PNG</source>
        <translation>Karte: PNG exportieren</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="52"/>
        <source>Export Map Points as CSV</source>
        <translation>Kartenpunkte als CSV exportieren</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="52"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="58"/>
        <source>Map: export CSV</source>
        <translation>Karte: CSV exportieren</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="68"/>
        <source>Only maps of memories can be written back as memory links.</source>
        <translation>Nur Karten von Erinnerungen können als Verknüpfungen zwischen Erinnerungen zurückgeschrieben werden.</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="72"/>
        <source>Write semantic_cluster Links</source>
        <translation>semantic_cluster-Verknüpfungen schreiben</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageexport.cpp" line="73"/>
        <source>Link every clustered memory to its cluster&apos;s most central memory (%Ln links)? Links an earlier write-back made are replaced; other links are left alone.</source>
        <translation>
            <numerusform>Jede geclusterte Erinnerung mit der zentralsten Erinnerung ihres Clusters verknüpfen (%Ln Verknüpfung)? Verknüpfungen aus einem früheren Zurückschreiben werden ersetzt; andere Verknüpfungen bleiben unverändert.</numerusform>
            <numerusform>Jede geclusterte Erinnerung mit der zentralsten Erinnerung ihres Clusters verknüpfen (%Ln Verknüpfungen)? Verknüpfungen aus einem früheren Zurückschreiben werden ersetzt; andere Verknüpfungen bleiben unverändert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageexport.cpp" line="91"/>
        <source>Wrote %Ln semantic_cluster links.</source>
        <translation>
            <numerusform>%Ln semantic_cluster-Verknüpfung geschrieben.</numerusform>
            <numerusform>%Ln semantic_cluster-Verknüpfungen geschrieben.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="81"/>
        <source>Map: write semantic_cluster links</source>
        <translation>Karte: semantic_cluster-Verknüpfungen schreiben</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="86"/>
        <source>The links were not written: %1</source>
        <translation>Die Verknüpfungen wurden nicht geschrieben: %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="100"/>
        <source>cluster_members holds memories only; export this map as CSV instead.</source>
        <translation>cluster_members enthält nur Erinnerungen; exportieren Sie diese Karte stattdessen als CSV.</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="106"/>
        <source>Map: write cluster members</source>
        <translation>Karte: Cluster-Mitglieder schreiben</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="111"/>
        <source>The cluster members were not written: %1</source>
        <translation>Die Cluster-Mitglieder wurden nicht geschrieben: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageexport.cpp" line="116"/>
        <source>Wrote %n cluster_members rows (run %1): the browser&apos;s Cluster filter and other tools can query them.</source>
        <translation>
            <numerusform>%n cluster_members-Zeile geschrieben (Lauf %1): Der Cluster-Filter der Erinnerungsansicht und andere Werkzeuge können sie abfragen.</numerusform>
            <numerusform>%n cluster_members-Zeilen geschrieben (Lauf %1): Der Cluster-Filter der Erinnerungsansicht und andere Werkzeuge können sie abfragen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="41"/>
        <source>The two runs share no points: they map different data.</source>
        <translation>Die beiden Läufe haben keine gemeinsamen Punkte: Sie bilden unterschiedliche Daten ab.</translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="71"/>
        <source>Map: %1</source>
        <translation>Karte: %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="79"/>
        <source>The map could not be computed: %1</source>
        <translation>Die Karte konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="94"/>
        <source>Map: open saved run</source>
        <translation>Karte: gespeicherten Lauf öffnen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="100"/>
        <source>The saved run could not be opened: %1</source>
        <translation>Der gespeicherte Lauf konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="148"/>
        <source>Saved runs could not be listed: %1</source>
        <translation>Die gespeicherten Läufe konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="154"/>
        <source>(no comparison)</source>
        <translation>(kein Vergleich)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappagerun.cpp" line="156"/>
        <source>%1 — %Ln points, %2</source>
        <translation>
            <numerusform>%1 — %Ln Punkt, %2</numerusform>
            <numerusform>%1 — %Ln Punkte, %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappagerun.cpp" line="204"/>
        <source>Adjusted Rand index %1 against “%2” (%Ln shared points); matched clusters share colours.</source>
        <translation>
            <numerusform>Adjustierter Rand-Index %1 gegenüber „%2“ (%Ln gemeinsamer Punkt); einander zugeordnete Cluster haben dieselbe Farbe.</numerusform>
            <numerusform>Adjustierter Rand-Index %1 gegenüber „%2“ (%Ln gemeinsame Punkte); einander zugeordnete Cluster haben dieselbe Farbe.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="162"/>
        <source>(none yet)</source>
        <translation>(noch keine)</translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="188"/>
        <source>Map: compare runs</source>
        <translation>Karte: Läufe vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="223"/>
        <source>The cluster could not be renamed: %1</source>
        <translation>Der Cluster konnte nicht umbenannt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="88"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="88"/>
        <source>Created (older → newer)</source>
        <translation>Erstellt (älter → neuer)</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="81"/>
        <source>Tone</source>
        <translation>Ton</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="56"/>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="101"/>
        <source>Map: archetype metrics</source>
        <translation>Karte: Archetyp-Metriken</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="113"/>
        <source>Archetype metrics could not be read: %1</source>
        <translation>Die Archetyp-Metriken konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="126"/>
        <source>no cluster</source>
        <translation>kein Cluster</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="128"/>
        <source>cluster %1</source>
        <translation>Cluster %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="153"/>
        <source>Created %1</source>
        <translation>Erstellt %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="157"/>
        <source>Priority %1</source>
        <translation>Priorität %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="159"/>
        <source>Tone: %1</source>
        <translation>Ton: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="208"/>
        <source>%n memories selected in Memories are highlighted</source>
        <translation>
            <numerusform>%n in „Erinnerungen“ ausgewählte Erinnerung ist hervorgehoben</numerusform>
            <numerusform>%n in „Erinnerungen“ ausgewählte Erinnerungen sind hervorgehoben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="209"/>
        <source>%n memories selected in Memories are highlighted (%1 of them on this map)</source>
        <translation>
            <numerusform>%n in „Erinnerungen“ ausgewählte Erinnerung ist hervorgehoben (%1 davon auf dieser Karte)</numerusform>
            <numerusform>%n in „Erinnerungen“ ausgewählte Erinnerungen sind hervorgehoben (%1 davon auf dieser Karte)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="213"/>
        <source>%n points match the search</source>
        <translation>
            <numerusform>%n Punkt passt zur Suche</numerusform>
            <numerusform>%n Punkte passen zur Suche</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="247"/>
        <source>Map: search</source>
        <translation>Karte: Suche</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="267"/>
        <source>Map selection</source>
        <translation>Auswahl auf der Karte</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="285"/>
        <source>%n points</source>
        <translation>
            <numerusform>%n Punkt</numerusform>
            <numerusform>%n Punkte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="286"/>
        <source>%n clusters</source>
        <translation>
            <numerusform>%n Cluster</numerusform>
            <numerusform>%n Cluster</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="289"/>
        <source>silhouette %1</source>
        <translation>Silhouette %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="291"/>
        <source>%1 noise</source>
        <translation>%1 im Rauschen</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="292"/>
        <source>opened saved run in %1 s</source>
        <translation>gespeicherten Lauf in %1 s geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="292"/>
        <source>computed and saved in %1 s</source>
        <translation>in %1 s berechnet und gespeichert</translation>
    </message>
</context>
<context>
    <name>MapParams</name>
    <message>
        <location filename="../services/map/mapparams.cpp" line="135"/>
        <source>k-means (k = %1)</source>
        <translation>k-means (k = %1)</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="138"/>
        <source>k-means (k by silhouette)</source>
        <translation>k-means (k per Silhouette)</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="146"/>
        <source>PCA</source>
        <comment>projection, in a run name</comment>
        <translation>PCA</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="146"/>
        <source>neighbour layout</source>
        <translation>Nachbarschaftslayout</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="147"/>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="154"/>
        <source>Memories</source>
        <translation>Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="156"/>
        <source>Filtered memories</source>
        <translation>Gefilterte Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="158"/>
        <source>Freelancers</source>
        <translation>Freelancer</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="160"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="169"/>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="171"/>
        <source>Neighbour layout</source>
        <translation>Nachbarschaftslayout</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="180"/>
        <source>k-means</source>
        <translation>k-means</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="182"/>
        <source>k-means, automatic k</source>
        <translation>k-means, automatisches k</translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="184"/>
        <source>density clusters</source>
        <translation>dichtebasierte Cluster</translation>
    </message>
</context>
<context>
    <name>MapPipeline</name>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="93"/>
        <source>A map needs at least three points.</source>
        <translation>Eine Karte braucht mindestens drei Punkte.</translation>
    </message>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="95"/>
        <source>A map needs one id (and one text, if any) per vector.</source>
        <translation>Eine Karte braucht pro Vektor eine ID (und gegebenenfalls einen Text).</translation>
    </message>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="97"/>
        <source>A vector of the map holds a value that is not a number.</source>
        <translation>Ein Vektor der Karte enthält einen Wert, der keine Zahl ist.</translation>
    </message>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="98"/>
        <source>The map was cancelled.</source>
        <translation>Die Kartenberechnung wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="184"/>
        <source>The clustering of the map failed.</source>
        <translation>Das Clustering der Karte ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>MapRunInfo</name>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="17"/>
        <source>%1 → %2</source>
        <comment>k → silhouette</comment>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="19"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="21"/>
        <source>[%1]</source>
        <comment>the chosen k in the curve</comment>
        <translation>[%1]</translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="26"/>
        <source>k = %1, at the knee of the silhouette curve (the silhouette still rose at the top of the range)</source>
        <translation>k = %1, am Knick der Silhouettenkurve (die Silhouette stieg am oberen Ende des Bereichs noch)</translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="27"/>
        <source>k = %1, the best silhouette</source>
        <translation>k = %1, die beste Silhouette</translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="29"/>
        <source>k → silhouette: %1</source>
        <translation>k → Silhouette: %1</translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="36"/>
        <source>Points placed as in the saved run with the same data and projection: only the clustering is new.</source>
        <translation>Punkte wie im gespeicherten Lauf mit denselben Daten und derselben Projektion platziert: nur die Clusterbildung ist neu.</translation>
    </message>
</context>
<context>
    <name>MapScene</name>
    <message>
        <location filename="../ui/map/mapscene.cpp" line="17"/>
        <source>Laying out the map</source>
        <translation>Berechnen des Kartenlayouts</translation>
    </message>
</context>
<context>
    <name>MapService</name>
    <message>
        <location filename="../services/map/mapservice.cpp" line="13"/>
        <source>Reading the points&apos; texts</source>
        <translation>Lesen der Texte der Punkte</translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="29"/>
        <source>Opening the saved run</source>
        <translation>Öffnen des gespeicherten Laufs</translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="50"/>
        <source>Checking for a saved run</source>
        <translation>Suchen nach einem gespeicherten Lauf</translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="81"/>
        <source>Reading the saved projection</source>
        <translation>Lese die gespeicherte Projektion</translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="88"/>
        <source>Loading vectors</source>
        <translation>Laden der Vektoren</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/map/mapservice.cpp" line="106"/>
        <source>Projecting and clustering %n points</source>
        <translation>
            <numerusform>Projizieren und Clustern von %n Punkt</numerusform>
            <numerusform>Projizieren und Clustern von %n Punkten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="132"/>
        <source>Saving the run</source>
        <translation>Speichern des Laufs</translation>
    </message>
</context>
<context>
    <name>MatchCandidateModel</name>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="19"/>
        <source>Semantic</source>
        <translation>Semantik</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="21"/>
        <source>Skills</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="23"/>
        <source>Experience</source>
        <translation>Erfahrung</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="25"/>
        <source>Success rate</source>
        <translation>Erfolgsquote</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="27"/>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="29"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="116"/>
        <source>hired</source>
        <translation>eingestellt</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="118"/>
        <source>applied</source>
        <translation>beworben</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="120"/>
        <source>viewed</source>
        <translation>angesehen</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="164"/>
        <source>Ranked among this freelancer&apos;s jobs (a freelancer run), not among the job&apos;s candidates.</source>
        <translation>Gerankt unter den Aufträgen dieses Freelancers (ein Freelancer-Lauf), nicht unter den Kandidaten des Auftrags.</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="200"/>
        <source>%1: the component&apos;s value in 0–1; the bar&apos;s mark is its weight</source>
        <translation>%1: der Wert der Komponente in 0–1; die Markierung des Balkens ist ihr Gewicht</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="206"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="208"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="208"/>
        <source>Freelancer</source>
        <translation>Freelancer</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="210"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="212"/>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="214"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="216"/>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="218"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
</context>
<context>
    <name>MatchDetailPanel</name>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="53"/>
        <source>&lt;b&gt;Strengths&lt;/b&gt;</source>
        <translation>&lt;b&gt;Stärken&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="55"/>
        <source>&lt;b&gt;Gaps&lt;/b&gt;</source>
        <translation>&lt;b&gt;Lücken&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="81"/>
        <source>Select a candidate to see why it ranks where it does.</source>
        <translation>Wählen Sie einen Kandidaten aus, um zu sehen, warum er auf diesem Rang steht.</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="105"/>
        <source>#%1 %2 — %3</source>
        <translation>#%1 %2 — %3</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="106"/>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="108"/>
        <source>Score %1</source>
        <translation>Score %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="109"/>
        <source>confidence %1</source>
        <translation>Konfidenz %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="110"/>
        <source>version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="111"/>
        <source>rate %1 against a budget of %2</source>
        <translation>Satz %1 bei einem Budget von %2</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="113"/>
        <source>hired</source>
        <translation>eingestellt</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="115"/>
        <source>applied</source>
        <translation>beworben</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="117"/>
        <source>viewed</source>
        <translation>angesehen</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="119"/>
        <source>reviewed: %1</source>
        <translation>geprüft: %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="123"/>
        <source>&lt;b&gt;Component&lt;/b&gt;</source>
        <translation>&lt;b&gt;Komponente&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="124"/>
        <source>&lt;b&gt;Value&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wert&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="125"/>
        <source>&lt;b&gt;Weight&lt;/b&gt;</source>
        <translation>&lt;b&gt;Gewicht&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="126"/>
        <source>&lt;b&gt;Adds&lt;/b&gt;</source>
        <translation>&lt;b&gt;Beitrag&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="132"/>
        <source>not stored</source>
        <translation>nicht gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="149"/>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="150"/>
        <source>none recorded</source>
        <translation>keine erfasst</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="151"/>
        <source>This freelancer&apos;s other proposals</source>
        <translation>Weitere Vorschläge für diesen Freelancer</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="151"/>
        <source>This job&apos;s candidates</source>
        <translation>Kandidaten für diesen Auftrag</translation>
    </message>
</context>
<context>
    <name>MatchFactors</name>
    <message numerus="yes">
        <location filename="../services/matching/matchfactors.cpp" line="53"/>
        <source>has all %n required skills</source>
        <translation>
            <numerusform>verfügt über die %n erforderliche Fähigkeit</numerusform>
            <numerusform>verfügt über alle %n erforderlichen Fähigkeiten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MatchInputLoader</name>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="117"/>
        <source>Reading open jobs</source>
        <translation>Lesen der offenen Aufträge</translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="126"/>
        <source>Reading jobs</source>
        <translation>Lesen der Aufträge</translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="159"/>
        <location filename="../services/matching/matchinputs.cpp" line="168"/>
        <source>Reading freelancers</source>
        <translation>Lesen der Freelancer</translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="210"/>
        <source>Reading embedding models</source>
        <translation>Lesen der Einbettungsmodelle</translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="233"/>
        <source>Reading embeddings</source>
        <translation>Lesen der Einbettungen</translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="246"/>
        <source>Loading was cancelled.</source>
        <translation>Das Laden wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>MatchJobListModel</name>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="93"/>
        <source>A bias report on this job requires review and has no decision yet.</source>
        <translation>Ein Bias-Bericht zu diesem Auftrag erfordert eine Prüfung und hat noch keine Entscheidung.</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="95"/>
        <source>Required skills: %1</source>
        <translation>Erforderliche Fähigkeiten: %1</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="126"/>
        <source>Review pending</source>
        <translation>Prüfung ausstehend</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="142"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="144"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="146"/>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="148"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="150"/>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="152"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="154"/>
        <source>Proposals</source>
        <translation>Vorschläge</translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="156"/>
        <source>Bias</source>
        <translation>Bias</translation>
    </message>
</context>
<context>
    <name>MatchQueries</name>
    <message>
        <location filename="../services/matching/matchqueries.cpp" line="131"/>
        <source>Reading jobs</source>
        <translation>Lesen der Aufträge</translation>
    </message>
    <message>
        <location filename="../services/matching/matchqueries.cpp" line="164"/>
        <source>Reading the job&apos;s candidates</source>
        <translation>Lesen der Kandidaten des Auftrags</translation>
    </message>
    <message>
        <location filename="../services/matching/matchqueries.cpp" line="175"/>
        <source>Reading the freelancer&apos;s proposals</source>
        <translation>Lesen der Vorschläge für den Freelancer</translation>
    </message>
    <message>
        <location filename="../services/matching/matchqueries.cpp" line="190"/>
        <source>Reading match alerts</source>
        <translation>Lesen der Vorschlagswarnungen</translation>
    </message>
</context>
<context>
    <name>MatchService</name>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="124"/>
        <source>Match all open jobs</source>
        <translation>Alle offenen Aufträge abgleichen</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="125"/>
        <source>Match one freelancer to open jobs</source>
        <translation>Einen Freelancer mit offenen Aufträgen abgleichen</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/matching/matchservice.cpp" line="126"/>
        <source>Match %n jobs</source>
        <translation>
            <numerusform>%n Auftrag abgleichen</numerusform>
            <numerusform>%n Aufträge abgleichen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="131"/>
        <location filename="../services/matching/matchservice.cpp" line="151"/>
        <location filename="../services/matching/matchservice.cpp" line="167"/>
        <source>The matching service was closed.</source>
        <translation>Der Matching-Dienst wurde geschlossen.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="148"/>
        <source>Replay a matching version against the reviews</source>
        <translation>Eine Matching-Version anhand der Prüfungen nachrechnen</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="164"/>
        <source>Suggest matching weights from the reviews</source>
        <translation>Matching-Gewichte aus den Prüfungen vorschlagen</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="184"/>
        <source>%1 is a %2 version, not a matching version.</source>
        <translation>%1 ist eine %2-Version, keine Matching-Version.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="194"/>
        <source>A run for one job or one freelancer needs exactly one id. Nothing was written.</source>
        <translation>Ein Lauf für einen Auftrag oder einen Freelancer benötigt genau eine ID. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="196"/>
        <source>Select at least one job to match. Nothing was written.</source>
        <translation>Wählen Sie mindestens einen Auftrag zum Abgleichen aus. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="197"/>
        <source>Reading the matching version</source>
        <translation>Lesen der Matching-Version</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="211"/>
        <source>Loading jobs, freelancers and embeddings</source>
        <translation>Laden der Aufträge, Freelancer und Einbettungen</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="223"/>
        <source>The match run was cancelled before it started; nothing was written.</source>
        <translation>Der Matching-Lauf wurde vor dem Start abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="229"/>
        <source>There is no active freelancer %1. Nothing was written.</source>
        <translation>Es gibt keinen aktiven Freelancer %1. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="230"/>
        <source>There is no job %1. Nothing was written.</source>
        <translation>Es gibt keinen Auftrag %1. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="241"/>
        <source>Version %1: %2 Nothing was written.</source>
        <translation>Version %1: %2 Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="243"/>
        <source>The matching input is not valid: %1. Nothing was written.</source>
        <translation>Die Matching-Eingabe ist ungültig: %1. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="254"/>
        <source>%1 is not among the loaded rows. Nothing was written.</source>
        <translation>%1 ist nicht unter den geladenen Zeilen. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="279"/>
        <source>Scoring every pair</source>
        <translation>Berechnen der Scores aller Paare</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="297"/>
        <location filename="../services/matching/matchservice.cpp" line="314"/>
        <source>The match run was cancelled; the earlier proposals stay current.</source>
        <translation>Der Matching-Lauf wurde abgebrochen; die früheren Vorschläge bleiben aktuell.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="302"/>
        <source>Matching failed: %1. The earlier proposals stay current.</source>
        <translation>Matching fehlgeschlagen: %1. Die früheren Vorschläge bleiben aktuell.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="305"/>
        <source>Saving the proposals</source>
        <translation>Speichern der Vorschläge</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="25"/>
        <source>Reading the reviews</source>
        <translation>Lesen der Prüfungen</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="39"/>
        <source>Loading the reviewed jobs and freelancers</source>
        <translation>Laden der geprüften Aufträge und Freelancer</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="46"/>
        <source>The reviewed pairs&apos; data is not valid: %1.</source>
        <translation>Die Daten der geprüften Paare sind ungültig: %1.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="84"/>
        <location filename="../services/matching/matchservicelearning.cpp" line="124"/>
        <source>Version %1: %2</source>
        <translation>Version %1: %2</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="89"/>
        <source>The replay was cancelled.</source>
        <translation>Die Nachrechnung wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="90"/>
        <source>Replaying %1</source>
        <translation>Nachrechnen von %1</translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="138"/>
        <source>Suggesting weights was cancelled.</source>
        <translation>Das Vorschlagen von Gewichten wurde abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/matching/matchservicelearning.cpp" line="139"/>
        <source>Fitting approve against reject on %n reviews</source>
        <translation>
            <numerusform>Anpassen von Annahme gegen Ablehnung an %n Prüfung</numerusform>
            <numerusform>Anpassen von Annahme gegen Ablehnung an %n Prüfungen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="144"/>
        <source>The reviews cannot support a fit: %1. Nothing was saved.</source>
        <translation>Die Prüfungen reichen für eine Anpassung nicht aus: %1. Es wurde nichts gespeichert.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/matching/matchservicelearning.cpp" line="162"/>
        <source>Suggested from %n reviewed proposals by logistic regression.</source>
        <translation>
            <numerusform>Per logistischer Regression aus %n geprüften Vorschlag abgeleitet.</numerusform>
            <numerusform>Per logistischer Regression aus %n geprüften Vorschlägen abgeleitet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MatchStore</name>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="91"/>
        <location filename="../services/matching/matchstore.cpp" line="96"/>
        <location filename="../services/matching/matchstore.cpp" line="111"/>
        <location filename="../services/matching/matchstore.cpp" line="118"/>
        <source>Saving proposals</source>
        <translation>Speichern der Vorschläge</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="161"/>
        <location filename="../services/matching/matchstore.cpp" line="196"/>
        <location filename="../services/matching/matchstore.cpp" line="289"/>
        <source>Recording the match run</source>
        <translation>Protokollieren des Matching-Laufs</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="187"/>
        <source>Closing interrupted match runs</source>
        <translation>Unterbrochene Matching-Läufe abschließen</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="190"/>
        <source>Interrupted: the client that ran it stopped or lost its database connection before it finished. No proposal of it was saved.</source>
        <translation>Unterbrochen: Der Client, der ihn ausführte, wurde beendet oder verlor die Datenbankverbindung, bevor er fertig war. Kein Vorschlag daraus wurde gespeichert.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="219"/>
        <source>Recording the end of the match run</source>
        <translation>Protokollieren des Endes des Matching-Laufs</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="239"/>
        <source>This build writes proposals without COPY.</source>
        <translation>Dieser Build schreibt Vorschläge ohne COPY.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="257"/>
        <source>Waiting for another match run to save</source>
        <translation>Warten, bis ein anderer Matching-Lauf gespeichert hat</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="274"/>
        <source>Superseding earlier proposals</source>
        <translation>Ersetzen früherer Vorschläge</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="302"/>
        <source>The match run %1 is no longer running; its proposals were not saved.</source>
        <translation>Der Matching-Lauf %1 läuft nicht mehr; seine Vorschläge wurden nicht gespeichert.</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="317"/>
        <source>Reading match runs</source>
        <translation>Lesen der Matching-Läufe</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="332"/>
        <source>Reading the match run</source>
        <translation>Lesen des Matching-Laufs</translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="336"/>
        <source>There is no match run %1.</source>
        <translation>Es gibt keinen Matching-Lauf %1.</translation>
    </message>
</context>
<context>
    <name>MatchesPage</name>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="38"/>
        <source>Bias review pending</source>
        <translation>Bias-Prüfung ausstehend</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="44"/>
        <source>← Back to the job</source>
        <translation>← Zurück zum Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="49"/>
        <source>Matches</source>
        <translation>Vorschläge</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="64"/>
        <source>Show these jobs</source>
        <translation>Diese Aufträge anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="76"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="122"/>
        <source>Run Matching</source>
        <translation>Matching ausführen</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="125"/>
        <source>All Open Jobs</source>
        <translation>Alle offenen Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="126"/>
        <source>This Job</source>
        <translation>Dieser Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="127"/>
        <source>Selected Jobs</source>
        <translation>Ausgewählte Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="132"/>
        <source>Propose freelancers for every open job with the active matching version</source>
        <translation>Freelancer für jeden offenen Auftrag mit der aktiven Matching-Version vorschlagen</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="168"/>
        <source>Search jobs by words</source>
        <translation>Aufträge nach Wörtern durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="169"/>
        <source>Search jobs</source>
        <translation>Aufträge durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="171"/>
        <source>Any status</source>
        <translation>Beliebiger Status</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="172"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="173"/>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="173"/>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="174"/>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="174"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="175"/>
        <source>Dispute</source>
        <translation>Streitfall</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="179"/>
        <source>Any region</source>
        <translation>Beliebige Region</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="182"/>
        <source>Any category</source>
        <translation>Beliebige Kategorie</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="212"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/matchespage.cpp" line="310"/>
        <source>%n jobs have proposals out while their bias review is still pending</source>
        <translation>
            <numerusform>%n Auftrag hat Vorschläge, obwohl seine Bias-Prüfung noch aussteht</numerusform>
            <numerusform>%n Aufträge haben Vorschläge, obwohl ihre Bias-Prüfung noch aussteht</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/matchespage.cpp" line="312"/>
        <source>%n proposals in all.</source>
        <translation>
            <numerusform>Insgesamt %n Vorschlag.</numerusform>
            <numerusform>Insgesamt %n Vorschläge.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="339"/>
        <source>No job matches the filters.</source>
        <translation>Kein Auftrag passt zu den Filtern.</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="363"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · %3 · %4 · budget %5 · needs %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · %3 · %4 · Budget %5 · erfordert %6</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="365"/>
        <source>no stated level</source>
        <translation>keine Stufe angegeben</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="367"/>
        <source>no stated skills</source>
        <translation>keine Fähigkeiten angegeben</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="371"/>
        <source>A bias report on this job is waiting for review.</source>
        <translation>Ein Bias-Bericht zu diesem Auftrag wartet auf Prüfung.</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="406"/>
        <source>&lt;b&gt;Jobs proposed to %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Für %1 vorgeschlagene Aufträge&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="434"/>
        <source>Matching…</source>
        <translation>Matching läuft…</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="449"/>
        <source>Matching cancelled; the earlier proposals stay current.</source>
        <translation>Matching abgebrochen; die früheren Vorschläge bleiben aktuell.</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="450"/>
        <source>Matching failed: %1</source>
        <translation>Matching fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="455"/>
        <source>Run of %1 · proposals: %2 · queries: %3 · pairs scored: %4 · version %5</source>
        <translation>Lauf von %1 · Vorschläge: %2 · Abfragen: %3 · bewertete Paare: %4 · Version %5</translation>
    </message>
</context>
<context>
    <name>MemoriesCuration</name>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="41"/>
        <source>Act on every memory the filter matches, not only the rows loaded or selected in the grid.</source>
        <translation>Auf jede zum Filter passende Erinnerung anwenden, nicht nur auf die in der Tabelle geladenen oder ausgewählten Zeilen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="54"/>
        <source>Finding the memories that match the filter…</source>
        <translation>Die zum Filter passenden Erinnerungen werden gesucht…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="62"/>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="68"/>
        <source>Bulk action stopped: %1</source>
        <translation>Sammelaktion abgebrochen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="90"/>
        <source>&amp;Selected Memories (%Ln)</source>
        <translation>
            <numerusform>&amp;Ausgewählte Erinnerung (%Ln)</numerusform>
            <numerusform>&amp;Ausgewählte Erinnerungen (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="95"/>
        <source>&amp;All %Ln Memories Matching the Filter</source>
        <translation>
            <numerusform>Die %Ln zum &amp;Filter passende Erinnerung</numerusform>
            <numerusform>Alle %Ln zum &amp;Filter passenden Erinnerungen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="96"/>
        <source>&amp;All Memories Matching the Filter</source>
        <translation>Alle zum &amp;Filter passenden Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="108"/>
        <source>&amp;Import Memories…</source>
        <translation>Erinnerungen &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="109"/>
        <source>JSONL, CSV or the EUMAS YAML memory shape; every row is checked before anything is written.</source>
        <translation>JSONL, CSV oder das EUMAS-YAML-Format für Erinnerungen; jede Zeile wird geprüft, bevor etwas geschrieben wird.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="111"/>
        <source>&amp;Export Memories…</source>
        <translation>Erinnerungen e&amp;xportieren…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="117"/>
        <source>Import Memories</source>
        <translation>Erinnerungen importieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="118"/>
        <source>Memory files (*.jsonl *.ndjson *.csv *.yaml *.yml);;All files (*)</source>
        <translation>Erinnerungsdateien (*.jsonl *.ndjson *.csv *.yaml *.yml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="126"/>
        <source>Imported %1, %2 and %3.</source>
        <translation>%1, %2 und %3 importiert.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="127"/>
        <source>%Ln memories</source>
        <translation>
            <numerusform>%Ln Erinnerung</numerusform>
            <numerusform>%Ln Erinnerungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="127"/>
        <source>%Ln evaluations</source>
        <translation>
            <numerusform>%Ln Bewertung</numerusform>
            <numerusform>%Ln Bewertungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="128"/>
        <source>%Ln links</source>
        <translation>
            <numerusform>%Ln Verknüpfung</numerusform>
            <numerusform>%Ln Verknüpfungen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="162"/>
        <source>&amp;Memories</source>
        <translation>E&amp;rinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="167"/>
        <source>&amp;Maintenance…</source>
        <translation>&amp;Wartung…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="168"/>
        <source>Decay priorities and prune old, low-priority or duplicate memories, with a preview and one-click restore.</source>
        <translation>Prioritäten abklingen lassen und alte, niedrig priorisierte oder doppelte Erinnerungen bereinigen – mit Vorschau und Wiederherstellung per Klick.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="178"/>
        <source>Your database role may read memories but not change them.</source>
        <translation>Die Datenbankrolle dieser Verbindung darf Erinnerungen lesen, aber nicht ändern.</translation>
    </message>
</context>
<context>
    <name>MemoriesPage</name>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="54"/>
        <location filename="../ui/memories/memoriespage.cpp" line="133"/>
        <source>Memories</source>
        <translation>Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="68"/>
        <location filename="../ui/memories/memoriespage.cpp" line="326"/>
        <source>Back to all memories</source>
        <translation>Zurück zu allen Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="16"/>
        <source>Embedding “%1”…</source>
        <translation>„%1“ wird eingebettet…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="26"/>
        <source>Could not search by meaning: %1</source>
        <translation>Suche nach Bedeutung nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="26"/>
        <source>no vector</source>
        <translation>kein Vektor</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="31"/>
        <source>Memories closest in meaning to “%1”, within the filters.</source>
        <translation>Erinnerungen, deren Bedeutung „%1“ am nächsten kommt, innerhalb der Filter.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="32"/>
        <source>Memories most similar to “%1”, within the filters. The offline embedder (%2) compares shared words, not meaning.</source>
        <translation>Erinnerungen, die „%1“ am ähnlichsten sind, innerhalb der Filter. Die Offline-Einbettung (%2) vergleicht gemeinsame Wörter, nicht die Bedeutung.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="45"/>
        <source>Memories most like “%1”, within the filters</source>
        <translation>Erinnerungen, die „%1“ am meisten ähneln, innerhalb der Filter</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="76"/>
        <source>Best match first</source>
        <translation>Beste Treffer zuerst</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="77"/>
        <source>Newest first</source>
        <translation>Neueste zuerst</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="78"/>
        <source>Order of a word search: by how well a memory matches the words, or by date. A click on a column header sorts by that column.</source>
        <translation>Reihenfolge einer Wortsuche: danach, wie gut eine Erinnerung zu den Wörtern passt, oder nach Datum. Ein Klick auf einen Spaltenkopf sortiert nach dieser Spalte.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="88"/>
        <source>Clear</source>
        <translation>Aufheben</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="89"/>
        <source>Drop the search and every filter condition</source>
        <translation>Suche und alle Filterbedingungen entfernen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="92"/>
        <source>Import Memories…</source>
        <translation>Erinnerungen importieren…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="93"/>
        <source>JSONL, CSV or the EUMAS YAML memory shape</source>
        <translation>JSONL, CSV oder die YAML-Erinnerungsform von EUMAS</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="324"/>
        <source>More like this</source>
        <translation>Ähnliche Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="374"/>
        <source>Show the Prompt column</source>
        <translation>Spalte „Prompt“ zeigen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="397"/>
        <source>Could not load memories: %1</source>
        <translation>Erinnerungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="477"/>
        <source>searching…</source>
        <translation>wird gesucht…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriespage.cpp" line="477"/>
        <source>%Ln similar</source>
        <translation>
            <numerusform>%Ln ähnliche</numerusform>
            <numerusform>%Ln ähnliche</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="479"/>
        <source>counting…</source>
        <translation>wird gezählt…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="479"/>
        <source>%1 matching</source>
        <translation>%1 Treffer</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriespage.cpp" line="481"/>
        <source>all %Ln loaded</source>
        <translation>
            <numerusform>alle %Ln geladen</numerusform>
            <numerusform>alle %Ln geladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriespage.cpp" line="483"/>
        <source>%Ln loaded</source>
        <translation>
            <numerusform>%Ln geladen</numerusform>
            <numerusform>%Ln geladen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="495"/>
        <source>No memory matches the filters.</source>
        <translation>Keine Erinnerung passt zu den Filtern.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="496"/>
        <source>No memory matches “%1” with these filters.</source>
        <translation>Keine Erinnerung passt mit diesen Filtern zu „%1“.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="498"/>
        <source>This workspace has no memories yet. Import a JSONL, CSV or YAML file to fill it.</source>
        <translation>Dieser Arbeitsbereich enthält noch keine Erinnerungen. Importieren Sie eine JSONL-, CSV- oder YAML-Datei, um ihn zu füllen.</translation>
    </message>
</context>
<context>
    <name>MemoryBatchService</name>
    <message numerus="yes">
        <location filename="../services/memories/memorybatchservice.cpp" line="23"/>
        <source>%n memories written</source>
        <translation>
            <numerusform>%n Erinnerung geschrieben</numerusform>
            <numerusform>%n Erinnerungen geschrieben</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/memories/memorybatchservice.cpp" line="39"/>
        <source>No memory matches the filter.</source>
        <translation>Keine Erinnerung passt zum Filter.</translation>
    </message>
</context>
<context>
    <name>MemoryBulk</name>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="29"/>
        <source>Pinned %n memories as long-term.</source>
        <translation>
            <numerusform>%n Erinnerung als Langzeiterinnerung angeheftet.</numerusform>
            <numerusform>%n Erinnerungen als Langzeiterinnerungen angeheftet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="32"/>
        <source>Unpinned %n memories.</source>
        <translation>
            <numerusform>Anheftung von %n Erinnerung gelöst.</numerusform>
            <numerusform>Anheftung von %n Erinnerungen gelöst.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="35"/>
        <source>Archived %n memories.</source>
        <translation>
            <numerusform>%n Erinnerung archiviert.</numerusform>
            <numerusform>%n Erinnerungen archiviert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="38"/>
        <source>Restored %n memories.</source>
        <translation>
            <numerusform>%n Erinnerung wiederhergestellt.</numerusform>
            <numerusform>%n Erinnerungen wiederhergestellt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="41"/>
        <source>Deleted %n memories (they can be restored).</source>
        <translation>
            <numerusform>%n Erinnerung gelöscht (wiederherstellbar).</numerusform>
            <numerusform>%n Erinnerungen gelöscht (wiederherstellbar).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="44"/>
        <source>Purged %n memories for good.</source>
        <translation>
            <numerusform>%n Erinnerung endgültig gelöscht.</numerusform>
            <numerusform>%n Erinnerungen endgültig gelöscht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="47"/>
        <source>Tagged %n memories.</source>
        <translation>
            <numerusform>Schlagwort zu %n Erinnerung hinzugefügt.</numerusform>
            <numerusform>Schlagwort zu %n Erinnerungen hinzugefügt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="50"/>
        <source>Removed the tag from %n memories.</source>
        <translation>
            <numerusform>Schlagwort von %n Erinnerung entfernt.</numerusform>
            <numerusform>Schlagwort von %n Erinnerungen entfernt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="54"/>
        <source>%n already were.</source>
        <translation>
            <numerusform>%n war es bereits.</numerusform>
            <numerusform>%n waren es bereits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="56"/>
        <source>%n no longer exist.</source>
        <translation>
            <numerusform>%n existiert nicht mehr.</numerusform>
            <numerusform>%n existieren nicht mehr.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="58"/>
        <source>Cancelled after %1 of %2; the rest is unchanged.</source>
        <translation>Nach %1 von %2 abgebrochen; der Rest bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="94"/>
        <source>Name the tag to add or remove.</source>
        <translation>Das hinzuzufügende oder zu entfernende Schlagwort angeben.</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="101"/>
        <source>Purging deletes memories for good and needs an administrator&apos;s role; %1 may not delete memories. Nothing was purged.</source>
        <translation>Endgültiges Löschen entfernt Erinnerungen unwiderruflich und erfordert eine Administratorrolle; %1 darf keine Erinnerungen löschen. Es wurde nichts gelöscht.</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="198"/>
        <source>Reading the selected memories</source>
        <translation>Lesen der ausgewählten Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="230"/>
        <source>Changing tags</source>
        <translation>Ändern der Schlagwörter</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="263"/>
        <source>Changing the selected memories</source>
        <translation>Ändern der ausgewählten Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="46"/>
        <source>Recording the batch</source>
        <translation>Protokollieren des Stapels</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="65"/>
        <source>Reading the batch</source>
        <translation>Lesen des Stapels</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="67"/>
        <source>There is no batch %1.</source>
        <translation>Es gibt keinen Stapel %1.</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="86"/>
        <source>A %1 batch cannot be restored in one click; run the opposite bulk action instead.</source>
        <translation>Ein Stapel vom Typ %1 kann nicht mit einem Klick wiederhergestellt werden; stattdessen die entgegengesetzte Sammelaktion ausführen.</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="93"/>
        <source>Restoring the batch</source>
        <translation>Wiederherstellen des Stapels</translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="102"/>
        <source>Marking the batch restored</source>
        <translation>Markieren des Stapels als wiederhergestellt</translation>
    </message>
</context>
<context>
    <name>MemoryBulkActions</name>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="19"/>
        <source>Pin as long-term</source>
        <translation>Als Langzeiterinnerung anheften</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="20"/>
        <source>Unpin long-term</source>
        <translation>Langzeit-Anheftung lösen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="21"/>
        <source>Archive</source>
        <translation>Archivieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="22"/>
        <source>Restore from archive</source>
        <translation>Aus dem Archiv wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="23"/>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="24"/>
        <source>Purge for good…</source>
        <translation>Endgültig löschen…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="25"/>
        <source>Add tag…</source>
        <translation>Schlagwort hinzufügen…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="26"/>
        <source>Remove tag…</source>
        <translation>Schlagwort entfernen…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="41"/>
        <source>Archive the memories with a reason; they can be restored.</source>
        <translation>Die Erinnerungen mit einer Begründung archivieren; sie lassen sich wiederherstellen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="42"/>
        <source>Delete the memories from the database; this cannot be undone.</source>
        <translation>Die Erinnerungen aus der Datenbank löschen; dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="20"/>
        <location filename="../ui/memories/memorybulkactions.cpp" line="53"/>
        <source>Add a tag</source>
        <translation>Schlagwort hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="22"/>
        <location filename="../ui/memories/memorybulkactions.cpp" line="53"/>
        <source>Remove a tag</source>
        <translation>Schlagwort entfernen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="120"/>
        <source>Could not read the memories matching the filter: %1</source>
        <translation>Die zum Filter passenden Erinnerungen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="124"/>
        <source>No memory matches the filter; nothing was changed.</source>
        <translation>Keine Erinnerung passt zum Filter; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="87"/>
        <source>Your database role (%1) may not do this.</source>
        <translation>Die Datenbankrolle (%1) darf dies nicht.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="16"/>
        <source>Delete memories</source>
        <translation>Erinnerungen löschen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="33"/>
        <source>Delete %n memories? They are archived with the reason &quot;deleted by an operator&quot; and can be restored from the archive.</source>
        <translation>
            <numerusform>%n Erinnerung löschen? Sie wird mit der Begründung „von einem Bediener gelöscht“ archiviert und kann aus dem Archiv wiederhergestellt werden.</numerusform>
            <numerusform>%n Erinnerungen löschen? Sie werden mit der Begründung „von einem Bediener gelöscht“ archiviert und können aus dem Archiv wiederhergestellt werden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="148"/>
        <source>deleted by an operator</source>
        <translation>von einem Bediener gelöscht</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="18"/>
        <source>Purge memories</source>
        <translation>Erinnerungen endgültig löschen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="37"/>
        <source>Purge %n memories for good? Their evaluations and links go with them. This cannot be undone.</source>
        <translation>
            <numerusform>%n Erinnerung endgültig löschen? Ihre Bewertungen und Verknüpfungen werden mitgelöscht. Dies kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>%n Erinnerungen endgültig löschen? Ihre Bewertungen und Verknüpfungen werden mitgelöscht. Dies kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionsrun.cpp" line="39"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionsrun.cpp" line="56"/>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionsrun.cpp" line="70"/>
        <source>%1 stopped: %2 What was done before stays: %3</source>
        <translation>%1 abgebrochen: %2 Bereits Erledigtes bleibt bestehen: %3</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="8"/>
        <source>Pin memories</source>
        <translation>Erinnerungen anheften</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="10"/>
        <source>Unpin memories</source>
        <translation>Anheftung der Erinnerungen lösen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="12"/>
        <source>Archive memories</source>
        <translation>Erinnerungen archivieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="14"/>
        <source>Restore memories</source>
        <translation>Erinnerungen wiederherstellen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="40"/>
        <source>Tag to add to the %Ln selected memories:</source>
        <translation>
            <numerusform>Hinzuzufügendes Schlagwort für die %Ln ausgewählte Erinnerung:</numerusform>
            <numerusform>Hinzuzufügendes Schlagwort für die %Ln ausgewählten Erinnerungen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="42"/>
        <source>Tag to remove from the %Ln selected memories:</source>
        <translation>
            <numerusform>Zu entfernendes Schlagwort für die %Ln ausgewählte Erinnerung:</numerusform>
            <numerusform>Zu entfernendes Schlagwort für die %Ln ausgewählten Erinnerungen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="49"/>
        <source>Pin %Ln memories matching the filter as long-term? Long-term memories do not decay and are never pruned.</source>
        <translation>
            <numerusform>%Ln zum Filter passende Erinnerung als Langzeiterinnerung anheften? Langzeiterinnerungen klingen nicht ab und werden nie bereinigt.</numerusform>
            <numerusform>%Ln zum Filter passende Erinnerungen als Langzeiterinnerungen anheften? Langzeiterinnerungen klingen nicht ab und werden nie bereinigt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="53"/>
        <source>Unpin %Ln memories matching the filter? They decay and may be pruned again.</source>
        <translation>
            <numerusform>Anheftung von %Ln zum Filter passenden Erinnerung lösen? Sie klingt dann ab und kann wieder bereinigt werden.</numerusform>
            <numerusform>Anheftung von %Ln zum Filter passenden Erinnerungen lösen? Sie klingen dann ab und können wieder bereinigt werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="55"/>
        <source>Archive %Ln memories matching the filter? They can be restored from the archive.</source>
        <translation>
            <numerusform>%Ln zum Filter passende Erinnerung archivieren? Sie kann aus dem Archiv wiederhergestellt werden.</numerusform>
            <numerusform>%Ln zum Filter passende Erinnerungen archivieren? Sie können aus dem Archiv wiederhergestellt werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="57"/>
        <source>Restore %Ln memories matching the filter from the archive?</source>
        <translation>
            <numerusform>%Ln zum Filter passende Erinnerung aus dem Archiv wiederherstellen?</numerusform>
            <numerusform>%Ln zum Filter passende Erinnerungen aus dem Archiv wiederherstellen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="59"/>
        <source>Delete %Ln memories matching the filter? They are archived with the reason &quot;deleted by an operator&quot; and can be restored from the archive.</source>
        <translation>
            <numerusform>%Ln zum Filter passende Erinnerung löschen? Sie wird mit der Begründung „von einem Bediener gelöscht“ archiviert und kann aus dem Archiv wiederhergestellt werden.</numerusform>
            <numerusform>%Ln zum Filter passende Erinnerungen löschen? Sie werden mit der Begründung „von einem Bediener gelöscht“ archiviert und können aus dem Archiv wiederhergestellt werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="63"/>
        <source>Purge %Ln memories matching the filter for good? Their evaluations and links go with them. This cannot be undone.</source>
        <translation>
            <numerusform>%Ln zum Filter passende Erinnerung endgültig löschen? Ihre Bewertungen und Verknüpfungen werden mitgelöscht. Dies kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>%Ln zum Filter passende Erinnerungen endgültig löschen? Ihre Bewertungen und Verknüpfungen werden mitgelöscht. Dies kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="67"/>
        <source>Tag to add to the %Ln memories matching the filter:</source>
        <translation>
            <numerusform>Hinzuzufügendes Schlagwort für %Ln zum Filter passende Erinnerung:</numerusform>
            <numerusform>Hinzuzufügendes Schlagwort für %Ln zum Filter passende Erinnerungen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="69"/>
        <source>Tag to remove from the %Ln memories matching the filter:</source>
        <translation>
            <numerusform>Zu entfernendes Schlagwort für %Ln zum Filter passende Erinnerung:</numerusform>
            <numerusform>Zu entfernendes Schlagwort für %Ln zum Filter passende Erinnerungen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="79"/>
        <source>Pin %n memories</source>
        <translation>
            <numerusform>%n Erinnerung anheften</numerusform>
            <numerusform>%n Erinnerungen anheften</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="81"/>
        <source>Unpin %n memories</source>
        <translation>
            <numerusform>Anheftung von %n Erinnerung lösen</numerusform>
            <numerusform>Anheftung von %n Erinnerungen lösen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="83"/>
        <source>Archive %n memories</source>
        <translation>
            <numerusform>%n Erinnerung archivieren</numerusform>
            <numerusform>%n Erinnerungen archivieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="85"/>
        <source>Restore %n memories</source>
        <translation>
            <numerusform>%n Erinnerung wiederherstellen</numerusform>
            <numerusform>%n Erinnerungen wiederherstellen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="87"/>
        <source>Delete %n memories</source>
        <translation>
            <numerusform>%n Erinnerung löschen</numerusform>
            <numerusform>%n Erinnerungen löschen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="89"/>
        <source>Purge %n memories</source>
        <translation>
            <numerusform>%n Erinnerung endgültig löschen</numerusform>
            <numerusform>%n Erinnerungen endgültig löschen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="91"/>
        <source>Tag %n memories with &quot;%1&quot;</source>
        <translation>
            <numerusform>Schlagwort „%1“ zu %n Erinnerung hinzufügen</numerusform>
            <numerusform>Schlagwort „%1“ zu %n Erinnerungen hinzufügen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="93"/>
        <source>Remove &quot;%1&quot; from %n memories</source>
        <translation>
            <numerusform>„%1“ von %n Erinnerung entfernen</numerusform>
            <numerusform>„%1“ von %n Erinnerungen entfernen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemoryConflictDialog</name>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="31"/>
        <source>This memory was changed by someone else</source>
        <translation>Diese Erinnerung wurde von anderer Seite geändert</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="46"/>
        <source>While you edited &quot;%1&quot;, it was saved again (version %2, %3). Your change was not saved. Compare the fields below and choose what to keep.</source>
        <translation>Während der Bearbeitung wurde „%1“ erneut gespeichert (Version %2, %3). Die eigene Änderung wurde nicht gespeichert. Die Felder unten vergleichen und auswählen, was behalten werden soll.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="53"/>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="53"/>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="71"/>
        <source>Mine</source>
        <translation>Meine</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="53"/>
        <source>Theirs (stored)</source>
        <translation>Fremde (gespeichert)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="53"/>
        <source>Keep</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="72"/>
        <source>Theirs</source>
        <translation>Fremde</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="89"/>
        <source>Already the same in both: %1.</source>
        <translation>In beiden bereits gleich: %1.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="93"/>
        <source>Keep mine</source>
        <translation>Meine behalten</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="94"/>
        <source>Save all of your change on top of the stored version.</source>
        <translation>Die gesamte eigene Änderung auf die gespeicherte Fassung anwenden.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="95"/>
        <source>Merge selected</source>
        <translation>Auswahl zusammenführen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="96"/>
        <source>Save only the fields marked Mine; keep theirs for the others.</source>
        <translation>Nur die mit „Meine“ markierten Felder speichern; für die übrigen die fremde Fassung behalten.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="97"/>
        <source>Take theirs</source>
        <translation>Fremde übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="98"/>
        <source>Discard your change and show the stored version.</source>
        <translation>Die eigene Änderung verwerfen und die gespeicherte Fassung anzeigen.</translation>
    </message>
</context>
<context>
    <name>MemoryDetailPane</name>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="120"/>
        <source>Prompt</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="125"/>
        <source>Reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="142"/>
        <source>No archetype has evaluated this memory yet.</source>
        <translation>Noch kein Archetyp hat diese Erinnerung bewertet.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="144"/>
        <source>Hover a bar for the evaluator&apos;s justification.</source>
        <translation>Zeigen Sie mit der Maus auf einen Balken, um die Begründung des Bewerters zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="84"/>
        <location filename="../ui/memories/memorydetailpane.cpp" line="157"/>
        <source>Links</source>
        <translation>Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="61"/>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="70"/>
        <source>Bring this memory back: it is no longer deleted or archived.</source>
        <translation>Diese Erinnerung zurückholen: Sie ist dann nicht mehr gelöscht oder archiviert.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="82"/>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="83"/>
        <source>Evaluations</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="86"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="92"/>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="158"/>
        <source>This memory has no links.</source>
        <translation>Diese Erinnerung hat keine Verknüpfungen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="160"/>
        <source>Add link…</source>
        <translation>Verknüpfung hinzufügen…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="161"/>
        <source>Link this memory to another by its id (a manual link).</source>
        <translation>Diese Erinnerung anhand der ID mit einer anderen verknüpfen (manuelle Verknüpfung).</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="162"/>
        <source>Remove link</source>
        <translation>Verknüpfung entfernen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="163"/>
        <source>Remove the selected manual link. Links the evaluators made stay.</source>
        <translation>Die ausgewählte manuelle Verknüpfung entfernen. Von den Bewertern erstellte Verknüpfungen bleiben erhalten.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="173"/>
        <source>Nearest neighbours</source>
        <translation>Nächste Nachbarn</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="177"/>
        <source>Link to selected</source>
        <translation>Mit Auswahl verknüpfen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="178"/>
        <source>Add a manual link from this memory to the selected neighbour.</source>
        <translation>Eine manuelle Verknüpfung von dieser Erinnerung zum ausgewählten Nachbarn hinzufügen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="223"/>
        <source>Loading…</source>
        <translation>Lädt…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="231"/>
        <location filename="../ui/memories/memorydetailpanegone.cpp" line="24"/>
        <source>Could not load this memory: %1</source>
        <translation>Diese Erinnerung konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="267"/>
        <source>Select a memory to see its text, evaluations and links.</source>
        <translation>Wählen Sie eine Erinnerung, um Text, Bewertungen und Verknüpfungen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="25"/>
        <source>This memory has no stored embedding, so it has no neighbours.</source>
        <translation>Für diese Erinnerung ist keine Einbettung gespeichert, daher hat sie keine Nachbarn.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="28"/>
        <source>The %1 memories closest by stored embedding (cosine similarity).</source>
        <translation>Die %1 Erinnerungen mit den nächstgelegenen gespeicherten Einbettungen (Kosinus-Ähnlichkeit).</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="35"/>
        <source>Could not find the neighbours: %1</source>
        <translation>Die Nachbarn konnten nicht ermittelt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="122"/>
        <source>Add a manual link</source>
        <translation>Manuelle Verknüpfung hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="123"/>
        <source>Id of the memory to link to (copy it from the JSON tab of that memory):</source>
        <translation>ID der zu verknüpfenden Erinnerung (aus dem JSON-Tab dieser Erinnerung kopieren):</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="128"/>
        <source>&quot;%1&quot; is not a memory id.</source>
        <translation>„%1“ ist keine Erinnerungs-ID.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpanegone.cpp" line="20"/>
        <source>This memory was deleted for good; it can no longer be restored.</source>
        <translation>Diese Erinnerung wurde endgültig gelöscht; sie kann nicht mehr wiederhergestellt werden.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpanegone.cpp" line="32"/>
        <source>This memory was deleted or archived, so the grid no longer lists it.</source>
        <translation>Diese Erinnerung wurde gelöscht oder archiviert, daher listet die Tabelle sie nicht mehr.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpanegone.cpp" line="53"/>
        <source>Could not restore this memory: %1</source>
        <translation>Diese Erinnerung konnte nicht wiederhergestellt werden: %1</translation>
    </message>
</context>
<context>
    <name>MemoryEdit</name>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="149"/>
        <location filename="../services/memories/memoryedit.cpp" line="168"/>
        <source>Edit memory</source>
        <translation>Erinnerung bearbeiten</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="152"/>
        <source>Edit tags</source>
        <translation>Schlagwörter bearbeiten</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="154"/>
        <source>Edit summary</source>
        <translation>Zusammenfassung bearbeiten</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="156"/>
        <source>Pin as long-term</source>
        <translation>Als Langzeiterinnerung anheften</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="156"/>
        <source>Unpin long-term</source>
        <translation>Langzeit-Anheftung lösen</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="158"/>
        <source>Mark as core</source>
        <translation>Als Kernerinnerung markieren</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="158"/>
        <source>Unmark core</source>
        <translation>Kernmarkierung aufheben</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="160"/>
        <source>Override priority</source>
        <translation>Priorität überschreiben</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="160"/>
        <source>Clear priority override</source>
        <translation>Überschriebene Priorität zurücksetzen</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="162"/>
        <source>Edit annotation</source>
        <translation>Anmerkung bearbeiten</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="164"/>
        <source>Remove link</source>
        <translation>Verknüpfung entfernen</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="164"/>
        <source>Add link</source>
        <translation>Verknüpfung hinzufügen</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="164"/>
        <source>Edit links</source>
        <translation>Verknüpfungen bearbeiten</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="175"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="177"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="179"/>
        <source>Long-term</source>
        <translation>Langzeit</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="181"/>
        <source>Core</source>
        <translation>Kern</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="183"/>
        <source>Priority override</source>
        <translation>Überschriebene Priorität</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="185"/>
        <source>Annotations</source>
        <translation>Anmerkungen</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="187"/>
        <source>Manual links</source>
        <translation>Manuelle Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="199"/>
        <location filename="../services/memories/memoryedit.cpp" line="207"/>
        <location filename="../services/memories/memoryedit.cpp" line="218"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="203"/>
        <location filename="../services/memories/memoryedit.cpp" line="205"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="203"/>
        <location filename="../services/memories/memoryedit.cpp" line="205"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>MemoryEditPanel</name>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="15"/>
        <source>Curation</source>
        <translation>Kuratierung</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="18"/>
        <source>Long-term (pinned, never decays or gets pruned)</source>
        <translation>Langzeit (angeheftet, klingt nie ab und wird nie bereinigt)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="19"/>
        <source>Core memory</source>
        <translation>Kernerinnerung</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="20"/>
        <source>Override</source>
        <translation>Überschreiben</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="24"/>
        <source>Save annotation</source>
        <translation>Anmerkung speichern</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="29"/>
        <source>One line that says what this memory is about</source>
        <translation>Eine Zeile, die sagt, worum es in dieser Erinnerung geht</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="31"/>
        <source>Comma-separated, for example: garden, tomato</source>
        <translation>Durch Kommas getrennt, zum Beispiel: Garten, Tomate</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="32"/>
        <source>Press Enter or leave the field to save the tags.</source>
        <translation>Zum Speichern der Schlagwörter die Eingabetaste drücken oder das Feld verlassen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="37"/>
        <source>An operator&apos;s priority, shown as an override; the computed priority is kept.</source>
        <translation>Eine vom Bediener festgelegte Priorität, als Überschreibung angezeigt; die berechnete Priorität bleibt erhalten.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="43"/>
        <source>The evaluator&apos;s annotation</source>
        <translation>Die Anmerkung des Bewerters</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="71"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="72"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="73"/>
        <source>Flags</source>
        <translation>Markierungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="74"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="75"/>
        <source>Annotation</source>
        <translation>Anmerkung</translation>
    </message>
</context>
<context>
    <name>MemoryEditStack</name>
    <message>
        <location filename="../ui/memories/memoryeditstack.cpp" line="17"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditstack.cpp" line="24"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditstack.cpp" line="88"/>
        <source>Could not save the change: %1</source>
        <translation>Die Änderung konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>MemoryEditor</name>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="61"/>
        <source>The edit names no memory.</source>
        <translation>Die Änderung nennt keine Erinnerung.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="81"/>
        <source>The memory changed while saving.</source>
        <translation>Die Erinnerung wurde während des Speicherns geändert.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="119"/>
        <source>A priority override must lie between 0 and 1.</source>
        <translation>Eine überschriebene Priorität muss zwischen 0 und 1 liegen.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="123"/>
        <source>A tag cannot be empty.</source>
        <translation>Ein Schlagwort darf nicht leer sein.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="131"/>
        <source>%1 has not evaluated this memory, so it has no annotation to edit.</source>
        <translation>%1 hat diese Erinnerung nicht bewertet, daher gibt es keine Anmerkung zum Bearbeiten.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="136"/>
        <source>A memory cannot link to itself.</source>
        <translation>Eine Erinnerung kann nicht mit sich selbst verknüpft werden.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="140"/>
        <source>The link target %1 does not exist.</source>
        <translation>Das Verknüpfungsziel %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="178"/>
        <source>Saving the memory</source>
        <translation>Speichern der Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="194"/>
        <source>Saving an annotation</source>
        <translation>Speichern einer Anmerkung</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="211"/>
        <source>Removing a link</source>
        <translation>Entfernen einer Verknüpfung</translation>
    </message>
</context>
<context>
    <name>MemoryEmbeddingStore</name>
    <message>
        <location filename="../services/memories/memoryembeddingstore.cpp" line="84"/>
        <source>The model %1 returned %2-dimension vectors, but memories hold %3 dimensions. Set the embedding dimensions to %3 in the AI settings (text-embedding-3 models can shorten their vectors). Nothing was written.</source>
        <translation>Das Modell %1 hat %2-dimensionale Vektoren geliefert, Erinnerungen speichern aber %3 Dimensionen. In den KI-Einstellungen die Einbettungsdimensionen auf %3 setzen (text-embedding-3-Modelle können ihre Vektoren kürzen). Es wurde nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>MemoryExport</name>
    <message>
        <location filename="../services/memories/memoryexport.cpp" line="123"/>
        <source>Could not create %1: %2</source>
        <translation>%1 konnte nicht erstellt werden: %2</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryexport.cpp" line="130"/>
        <source>Could not save %1: %2</source>
        <translation>%1 konnte nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>MemoryExport::Writer</name>
    <message>
        <location filename="../services/memories/memoryexport.cpp" line="69"/>
        <source>The export was cancelled.</source>
        <translation>Der Export wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryexport.cpp" line="79"/>
        <source>Could not write the export: %1</source>
        <translation>Der Export konnte nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>MemoryExportDialog</name>
    <message numerus="yes">
        <location filename="../ui/memories/memoryexportdialog.cpp" line="27"/>
        <source>The %n selected memory(s)</source>
        <translation>
            <numerusform>Die %n ausgewählte Erinnerung</numerusform>
            <numerusform>Die %n ausgewählten Erinnerungen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="28"/>
        <source>The memories matching the filter</source>
        <translation>Die zum Filter passenden Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="29"/>
        <source>All memories</source>
        <translation>Alle Erinnerungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="31"/>
        <source>Include embeddings (about 15 KB per memory)</source>
        <translation>Einbettungen einschließen (etwa 15 KB pro Erinnerung)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="32"/>
        <source>Include archived memories</source>
        <translation>Archivierte Erinnerungen einschließen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="35"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="37"/>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="106"/>
        <source>Export Memories</source>
        <translation>Erinnerungen exportieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="40"/>
        <source>The filter decides about archived memories, too.</source>
        <translation>Der Filter entscheidet auch über archivierte Erinnerungen.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="43"/>
        <source>JSON Lines (memories with evaluations and links)</source>
        <translation>JSON Lines (Erinnerungen mit Bewertungen und Verknüpfungen)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="44"/>
        <source>CSV (memory columns)</source>
        <translation>CSV (Spalten der Erinnerungen)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="52"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="65"/>
        <source>Memories:</source>
        <translation>Erinnerungen:</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="66"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="68"/>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryexportdialog.cpp" line="88"/>
        <source>The %Ln memories matching the filter</source>
        <translation>
            <numerusform>Die %Ln zum Filter passende Erinnerung</numerusform>
            <numerusform>Die %Ln zum Filter passenden Erinnerungen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="107"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="107"/>
        <source>JSON Lines files (*.jsonl)</source>
        <translation>JSON-Lines-Dateien (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="126"/>
        <source>Export memories</source>
        <translation>Erinnerungen exportieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="128"/>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="134"/>
        <source>Nothing was exported: %1</source>
        <translation>Es wurde nichts exportiert: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryexportdialog.cpp" line="138"/>
        <source>Exported %Ln memories to %1.</source>
        <translation>
            <numerusform>%Ln Erinnerung nach %1 exportiert.</numerusform>
            <numerusform>%Ln Erinnerungen nach %1 exportiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemoryFilter</name>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="104"/>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="106"/>
        <source>Text: “%1”</source>
        <translation>Text: „%1“</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="110"/>
        <source>Created %1 – %2</source>
        <translation>Erstellt %1 – %2</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="112"/>
        <source>Created from %1</source>
        <translation>Erstellt ab %1</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="114"/>
        <source>Created until %1</source>
        <translation>Erstellt bis %1</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="118"/>
        <source>Tag: %1</source>
        <translation>Schlagwort: %1</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="120"/>
        <source>Tone: %1</source>
        <translation>Ton: %1</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="122"/>
        <source>Session: %1</source>
        <translation>Sitzung: %1</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="124"/>
        <source>User: %1</source>
        <translation>Nutzer: %1</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="128"/>
        <source>Priority %1 – %2</source>
        <translation>Priorität %1 – %2</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="131"/>
        <source>Priority ≥ %1</source>
        <translation>Priorität ≥ %1</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="133"/>
        <source>Priority ≤ %1</source>
        <translation>Priorität ≤ %1</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="137"/>
        <source>Long-term</source>
        <translation>Langzeit</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="137"/>
        <source>Not long-term</source>
        <translation>Nicht Langzeit</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="139"/>
        <source>Core</source>
        <translation>Kern</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="139"/>
        <source>Not core</source>
        <translation>Nicht Kern</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="142"/>
        <source>Archived only</source>
        <translation>Nur archivierte</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="142"/>
        <source>Including archived</source>
        <translation>Einschließlich archivierter</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="146"/>
        <source>%1 %2 ≥ %3</source>
        <translation>%1 %2 ≥ %3</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="153"/>
        <source>Cluster %1 of %2</source>
        <translation>Cluster %1 aus %2</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="156"/>
        <source>Chosen memories</source>
        <translation>Gewählte Erinnerungen</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memoryfilter.cpp" line="157"/>
        <source>%1: %n memories</source>
        <translation>
            <numerusform>%1: %n Erinnerung</numerusform>
            <numerusform>%1: %n Erinnerungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemoryFilterBar</name>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="31"/>
        <source>Search memories</source>
        <translation>Erinnerungen durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="36"/>
        <source>Words</source>
        <translation>Wörter</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="37"/>
        <source>Meaning</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="38"/>
        <source>Find memories that contain these words (or words starting with them)</source>
        <translation>Erinnerungen finden, die diese Wörter (oder damit beginnende Wörter) enthalten</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="46"/>
        <source>Filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="47"/>
        <source>Add a condition</source>
        <translation>Bedingung hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="67"/>
        <source>Clear all</source>
        <translation>Alle entfernen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="121"/>
        <source>Created between…</source>
        <translation>Erstellt zwischen…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="122"/>
        <source>Tags…</source>
        <translation>Schlagwörter…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="123"/>
        <source>Tone…</source>
        <translation>Ton…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="124"/>
        <source>Session…</source>
        <translation>Sitzung…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="125"/>
        <source>User…</source>
        <translation>Nutzer…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="126"/>
        <source>Priority…</source>
        <translation>Priorität…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="127"/>
        <source>Archetype metric…</source>
        <translation>Archetyp-Metrik…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="128"/>
        <source>Cluster…</source>
        <translation>Cluster…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="146"/>
        <source>Long-term</source>
        <translation>Langzeit</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="146"/>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="147"/>
        <source>Any</source>
        <translation>Beliebig</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="146"/>
        <source>Only long-term</source>
        <translation>Nur Langzeit</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="146"/>
        <source>Not long-term</source>
        <translation>Nicht Langzeit</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="147"/>
        <source>Core</source>
        <translation>Kern</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="147"/>
        <source>Only core</source>
        <translation>Nur Kern</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="147"/>
        <source>Not core</source>
        <translation>Nicht Kern</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="149"/>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="149"/>
        <source>Include archived</source>
        <translation>Archivierte einschließen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="149"/>
        <source>Only archived</source>
        <translation>Nur archivierte</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="149"/>
        <source>Hide archived</source>
        <translation>Archivierte ausblenden</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="174"/>
        <source>Describe what you are looking for, then press Enter</source>
        <translation>Gesuchtes beschreiben, dann Eingabetaste drücken</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="175"/>
        <source>Search memories by words</source>
        <translation>Erinnerungen nach Wörtern durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="194"/>
        <source>Save a cluster run first</source>
        <translation>Zuerst einen Cluster-Lauf speichern</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="205"/>
        <source>Find the memories closest in meaning (%1)</source>
        <translation>Die in der Bedeutung nächstliegenden Erinnerungen finden (%1)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="206"/>
        <source>Find the most similar memories (%1: similar means sharing words, not meaning)</source>
        <translation>Die ähnlichsten Erinnerungen finden (%1: ähnlich bedeutet gemeinsame Wörter, nicht gleiche Bedeutung)</translation>
    </message>
</context>
<context>
    <name>MemoryHeader</name>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="25"/>
        <source>(no summary)</source>
        <translation>(keine Zusammenfassung)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="50"/>
        <source>Created %1</source>
        <translation>Erstellt %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="52"/>
        <source>Session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="54"/>
        <source>User %1</source>
        <translation>Nutzer %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="56"/>
        <source>Tone: %1</source>
        <translation>Ton: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="60"/>
        <source>Tags: %1</source>
        <translation>Schlagwörter: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="62"/>
        <source>Long-term</source>
        <translation>Langzeit</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="64"/>
        <source>Core</source>
        <translation>Kern</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="67"/>
        <source>Archived on %1</source>
        <translation>Archiviert am %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="71"/>
        <source>No embedding</source>
        <translation>Keine Einbettung</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="73"/>
        <source>Embedding: %1 (lexical offline embedding)</source>
        <translation>Einbettung: %1 (lexikalische Offline-Einbettung)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="75"/>
        <source>Embedding: %1</source>
        <translation>Einbettung: %1</translation>
    </message>
</context>
<context>
    <name>MemoryHistoryView</name>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="24"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="24"/>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="24"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="24"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="37"/>
        <source>Edited tags</source>
        <translation>Schlagwörter bearbeitet</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="38"/>
        <source>Edited summary</source>
        <translation>Zusammenfassung bearbeitet</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="39"/>
        <source>Long-term pin</source>
        <translation>Langzeit-Anheftung</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="40"/>
        <source>Core flag</source>
        <translation>Kernmarkierung</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="41"/>
        <source>Priority override</source>
        <translation>Überschriebene Priorität</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="42"/>
        <source>Edited annotation</source>
        <translation>Anmerkung bearbeitet</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="43"/>
        <source>Manual links</source>
        <translation>Manuelle Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="44"/>
        <source>Bulk pin</source>
        <translation>Angeheftet (Sammelaktion)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="45"/>
        <source>Bulk unpin</source>
        <translation>Anheftung gelöst (Sammelaktion)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="46"/>
        <source>Bulk archive</source>
        <translation>Archiviert (Sammelaktion)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="47"/>
        <source>Bulk restore</source>
        <translation>Wiederhergestellt (Sammelaktion)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="48"/>
        <source>Deleted (soft)</source>
        <translation>Gelöscht (wiederherstellbar)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="49"/>
        <source>Bulk tag added</source>
        <translation>Schlagwort hinzugefügt (Sammelaktion)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="50"/>
        <source>Bulk tag removed</source>
        <translation>Schlagwort entfernt (Sammelaktion)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="51"/>
        <source>Pruned (archived)</source>
        <translation>Bereinigt (archiviert)</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="52"/>
        <source>Decay pass</source>
        <translation>Abklingdurchlauf</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="53"/>
        <source>Batch restored</source>
        <translation>Stapel wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="69"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
<context>
    <name>MemoryImport</name>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="58"/>
        <source>The id repeats the memory on row %1.</source>
        <translation>Diese ID wird bereits von der Erinnerung in Zeile %1 verwendet.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="85"/>
        <source>Could not open %1: %2</source>
        <translation>%1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="88"/>
        <location filename="../services/memories/memoryimport.cpp" line="110"/>
        <source>%1 is %L2 bytes; the import limit is %L3 bytes.</source>
        <translation>%1 ist %L2 Byte groß; für den Import sind höchstens %L3 Byte erlaubt.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="95"/>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="105"/>
        <source>Cannot tell the format of %1; use a .jsonl, .csv or .yaml file.</source>
        <translation>Das Format von %1 ist nicht erkennbar; verwenden Sie eine .jsonl-, .csv- oder .yaml-Datei.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="121"/>
        <source>%1 is not UTF-8 text (line %2 holds bytes that are not UTF-8). Save it as UTF-8 and try again.</source>
        <translation>%1 ist kein UTF-8-Text (Zeile %2 enthält Bytes, die kein gültiges UTF-8 sind). Speichern Sie die Datei als UTF-8 und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportapply.cpp" line="46"/>
        <source>Looking for the file&apos;s ids in the workspace</source>
        <translation>Die IDs der Datei werden im Arbeitsbereich gesucht</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportapply.cpp" line="128"/>
        <source>A memory with this id already exists in the workspace; the row is skipped.</source>
        <translation>Im Arbeitsbereich gibt es bereits eine Erinnerung mit dieser ID; die Zeile wird übersprungen.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportapply.cpp" line="152"/>
        <source>The link points at a memory that is neither in the file nor in the workspace.</source>
        <translation>Die Verknüpfung verweist auf eine Erinnerung, die weder in der Datei noch im Arbeitsbereich vorhanden ist.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memoryimportapply.cpp" line="176"/>
        <source>%n row(s) of %1 have problems; nothing was imported.</source>
        <translation>
            <numerusform>%n Zeile in %1 ist fehlerhaft; es wurde nichts importiert.</numerusform>
            <numerusform>%n Zeilen in %1 sind fehlerhaft; es wurde nichts importiert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportapply.cpp" line="208"/>
        <source>The import was cancelled; nothing was imported.</source>
        <translation>Der Import wurde abgebrochen; es wurde nichts importiert.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportjsonl.cpp" line="26"/>
        <location filename="../services/memories/memoryimportcsv.cpp" line="71"/>
        <location filename="../services/memories/memoryimportyaml.cpp" line="38"/>
        <source>The file has more than %L1 memories; split it.</source>
        <translation>Die Datei enthält mehr als %L1 Erinnerungen; teilen Sie sie auf.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="79"/>
        <source>Line %1: a quoted field is never closed; nothing after it can be read.</source>
        <translation>Zeile %1: Ein Feld in Anführungszeichen wird nie geschlossen; der Rest der Datei kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="109"/>
        <source>no prompt or reply column</source>
        <translation>keine Spalte prompt oder reply</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="113"/>
        <source>The CSV header is wrong (%1). Known columns: %2.</source>
        <translation>Die CSV-Kopfzeile ist falsch (%1). Bekannte Spalten: %2.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="106"/>
        <source>repeated columns: %1</source>
        <translation>doppelte Spalten: %1</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="125"/>
        <source>The CSV file is empty; it needs a header row.</source>
        <translation>Die CSV-Datei ist leer; sie braucht eine Kopfzeile.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="134"/>
        <source>The row has %1 cells; the header has %2 columns.</source>
        <translation>Die Zeile hat %1 Zellen; die Kopfzeile hat %2 Spalten.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportjsonl.cpp" line="33"/>
        <source>Not valid JSON: %1 at character %2.</source>
        <translation>Kein gültiges JSON: %1 bei Zeichen %2.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportjsonl.cpp" line="39"/>
        <source>Each line must be one JSON object (a memory).</source>
        <translation>Jede Zeile muss genau ein JSON-Objekt (eine Erinnerung) sein.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportyaml.cpp" line="32"/>
        <source>The YAML file holds no memory: expected a memory, a list of memories, or a &quot;memories:&quot; list.</source>
        <translation>Die YAML-Datei enthält keine Erinnerung: Erwartet wird eine Erinnerung, eine Liste von Erinnerungen oder eine Liste „memories:“.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportyaml.cpp" line="45"/>
        <source>Each memory must be a mapping of fields.</source>
        <translation>Jede Erinnerung muss eine Zuordnung von Feldern (Mapping) sein.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="52"/>
        <source>The text holds a NUL character (U+0000), which cannot be stored.</source>
        <translation>Der Text enthält ein NUL-Zeichen (U+0000), das nicht gespeichert werden kann.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="65"/>
        <source>Expected text.</source>
        <translation>Erwartet wird Text.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="71"/>
        <source>The text is too long (%L1 characters; the limit is %L2).</source>
        <translation>Der Text ist zu lang (%L1 Zeichen; erlaubt sind höchstens %L2).</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="95"/>
        <source>Expected a number.</source>
        <translation>Erwartet wird eine Zahl.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="106"/>
        <source>The value must lie between 0 and 1, got %1.</source>
        <translation>Der Wert muss zwischen 0 und 1 liegen, ist aber %1.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="124"/>
        <source>Expected true or false.</source>
        <translation>Erwartet wird true oder false.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="136"/>
        <source>Expected an ISO 8601 time such as 2024-11-24T21:45:00Z.</source>
        <translation>Erwartet wird eine Zeitangabe nach ISO 8601, etwa 2024-11-24T21:45:00Z.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="162"/>
        <source>Expected a list of tags.</source>
        <translation>Erwartet wird eine Liste von Schlagwörtern.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="167"/>
        <source>Every tag must be text.</source>
        <translation>Jedes Schlagwort muss Text sein.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="194"/>
        <source>Every vector component must be a number.</source>
        <translation>Jede Vektorkomponente muss eine Zahl sein.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="207"/>
        <source>&quot;%1&quot; is not a number.</source>
        <translation>„%1“ ist keine Zahl.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="213"/>
        <source>Expected a list of numbers.</source>
        <translation>Erwartet wird eine Liste von Zahlen.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="216"/>
        <source>The embedding</source>
        <translation>Die Einbettung</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="236"/>
        <source>Expected a JSON object.</source>
        <translation>Erwartet wird ein JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="248"/>
        <source>The link target is missing.</source>
        <translation>Das Ziel der Verknüpfung fehlt.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="260"/>
        <source>Unknown archetype &quot;%1&quot;.</source>
        <translation>Unbekannter Archetyp „%1“.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="83"/>
        <source>Unknown archetype &quot;%1&quot;; expected Ella-M … Ella-F.</source>
        <translation>Unbekannter Archetyp „%1“; erwartet wird Ella-M … Ella-F.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="96"/>
        <source>The metric is missing.</source>
        <translation>Die Metrik fehlt.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="117"/>
        <source>%1 is evaluated twice.</source>
        <translation>Für %1 gibt es zwei Bewertungen.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="138"/>
        <source>Expected a list of evaluations.</source>
        <translation>Erwartet wird eine Liste von Bewertungen.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="178"/>
        <source>The row has neither a prompt nor a reply.</source>
        <translation>Die Zeile hat weder einen Prompt noch eine Antwort.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="191"/>
        <source>The decay rate must be a non-negative number.</source>
        <translation>Die Abklingrate muss eine nicht negative Zahl sein.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="201"/>
        <source>Expected an evaluation object.</source>
        <translation>Erwartet wird ein Bewertungsobjekt.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="211"/>
        <source>Expected a list of links.</source>
        <translation>Erwartet wird eine Liste von Verknüpfungen.</translation>
    </message>
</context>
<context>
    <name>MemoryImportDialog</name>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="27"/>
        <source>Reading and checking every row…</source>
        <translation>Jede Zeile wird gelesen und geprüft…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="28"/>
        <source>Values the file does not give</source>
        <translation>Werte, die die Datei nicht enthält</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="34"/>
        <source>Import Valid Rows</source>
        <translation>Gültige Zeilen importieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="35"/>
        <source>Import Nothing</source>
        <translation>Nichts importieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="37"/>
        <source>Import Memories — %1</source>
        <translation>Erinnerungen importieren – %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="54"/>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="54"/>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="54"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="64"/>
        <source>Format…</source>
        <translation>Format…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="93"/>
        <source>&lt;p&gt;Sextant imports &lt;b&gt;JSONL&lt;/b&gt; (one JSON object per line), &lt;b&gt;CSV&lt;/b&gt; (a header row, then one memory per row) and &lt;b&gt;YAML&lt;/b&gt; (one memory, a list of them, or a &lt;tt&gt;memories:&lt;/tt&gt; list), in UTF-8.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Required:&lt;/b&gt; &lt;tt&gt;prompt&lt;/tt&gt; or &lt;tt&gt;reply&lt;/tt&gt; (at least one).&lt;br&gt;&lt;b&gt;Optional:&lt;/b&gt; &lt;tt&gt;id&lt;/tt&gt; (a new one when missing), &lt;tt&gt;created_at&lt;/tt&gt; (ISO 8601; when missing, the import time or another field of the file that holds a time, as you choose), &lt;tt&gt;summary&lt;/tt&gt; (empty when missing), &lt;tt&gt;session_id&lt;/tt&gt;, &lt;tt&gt;user_id&lt;/tt&gt;, &lt;tt&gt;tags&lt;/tt&gt; (a list, or &lt;tt&gt;a;b&lt;/tt&gt; in CSV), &lt;tt&gt;tone&lt;/tt&gt;, &lt;tt&gt;priority&lt;/tt&gt; (0–1), &lt;tt&gt;long_term&lt;/tt&gt;, &lt;tt&gt;core&lt;/tt&gt;, &lt;tt&gt;duration_s&lt;/tt&gt;, &lt;tt&gt;decay_rate&lt;/tt&gt;, &lt;tt&gt;embedding&lt;/tt&gt; (1536 numbers), &lt;tt&gt;metadata&lt;/tt&gt; (a JSON object), &lt;tt&gt;evaluations&lt;/tt&gt;, &lt;tt&gt;links&lt;/tt&gt;.&lt;br&gt;Any other field is kept in &lt;tt&gt;metadata&lt;/tt&gt;.&lt;/p&gt;&lt;p&gt;JSONL:&lt;br&gt;&lt;tt&gt;{&quot;prompt&quot;: &quot;How do I keep basil from flowering?&quot;, &quot;reply&quot;: &quot;Pinch off the buds.&quot;, &quot;created_at&quot;: &quot;2024-11-24T21:45:00Z&quot;}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;CSV:&lt;br&gt;&lt;tt&gt;prompt,reply,created_at&lt;br&gt;&quot;How do I keep basil from flowering?&quot;,Pinch off the buds.,2024-11-24T21:45:00Z&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;YAML:&lt;br&gt;&lt;tt&gt;- prompt: How do I keep basil from flowering?&lt;br&gt;&amp;nbsp;&amp;nbsp;reply: Pinch off the buds.&lt;br&gt;&amp;nbsp;&amp;nbsp;created_at: 2024-11-24T21:45:00Z&lt;/tt&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Sextant importiert &lt;b&gt;JSONL&lt;/b&gt; (ein JSON-Objekt je Zeile), &lt;b&gt;CSV&lt;/b&gt; (eine Kopfzeile, dann eine Erinnerung je Zeile) und &lt;b&gt;YAML&lt;/b&gt; (eine Erinnerung, eine Liste davon oder eine Liste &lt;tt&gt;memories:&lt;/tt&gt;), in UTF-8.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Erforderlich:&lt;/b&gt; &lt;tt&gt;prompt&lt;/tt&gt; oder &lt;tt&gt;reply&lt;/tt&gt; (mindestens eines).&lt;br&gt;&lt;b&gt;Optional:&lt;/b&gt; &lt;tt&gt;id&lt;/tt&gt; (eine neue, wenn sie fehlt), &lt;tt&gt;created_at&lt;/tt&gt; (ISO 8601; wenn es fehlt, die Importzeit oder ein anderes Feld der Datei mit einer Zeit, nach Ihrer Wahl), &lt;tt&gt;summary&lt;/tt&gt; (leer, wenn sie fehlt), &lt;tt&gt;session_id&lt;/tt&gt;, &lt;tt&gt;user_id&lt;/tt&gt;, &lt;tt&gt;tags&lt;/tt&gt; (eine Liste, oder &lt;tt&gt;a;b&lt;/tt&gt; in CSV), &lt;tt&gt;tone&lt;/tt&gt;, &lt;tt&gt;priority&lt;/tt&gt; (0–1), &lt;tt&gt;long_term&lt;/tt&gt;, &lt;tt&gt;core&lt;/tt&gt;, &lt;tt&gt;duration_s&lt;/tt&gt;, &lt;tt&gt;decay_rate&lt;/tt&gt;, &lt;tt&gt;embedding&lt;/tt&gt; (1536 Zahlen), &lt;tt&gt;metadata&lt;/tt&gt; (ein JSON-Objekt), &lt;tt&gt;evaluations&lt;/tt&gt;, &lt;tt&gt;links&lt;/tt&gt;.&lt;br&gt;Jedes andere Feld wird in &lt;tt&gt;metadata&lt;/tt&gt; aufbewahrt.&lt;/p&gt;&lt;p&gt;JSONL:&lt;br&gt;&lt;tt&gt;{&quot;prompt&quot;: &quot;How do I keep basil from flowering?&quot;, &quot;reply&quot;: &quot;Pinch off the buds.&quot;, &quot;created_at&quot;: &quot;2024-11-24T21:45:00Z&quot;}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;CSV:&lt;br&gt;&lt;tt&gt;prompt,reply,created_at&lt;br&gt;&quot;How do I keep basil from flowering?&quot;,Pinch off the buds.,2024-11-24T21:45:00Z&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;YAML:&lt;br&gt;&lt;tt&gt;- prompt: How do I keep basil from flowering?&lt;br&gt;&amp;nbsp;&amp;nbsp;reply: Pinch off the buds.&lt;br&gt;&amp;nbsp;&amp;nbsp;created_at: 2024-11-24T21:45:00Z&lt;/tt&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="114"/>
        <source>Import Format</source>
        <translation>Importformat</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="126"/>
        <source>%Ln rows have no creation time. Use:</source>
        <translation>
            <numerusform>%Ln Zeile hat keine Erstellungszeit. Verwenden:</numerusform>
            <numerusform>%Ln Zeilen haben keine Erstellungszeit. Verwenden:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="128"/>
        <source>The import time (%Ln rows)</source>
        <translation>
            <numerusform>Die Importzeit (%Ln Zeile)</numerusform>
            <numerusform>Die Importzeit (%Ln Zeilen)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="131"/>
        <source>The field “%1” (%Ln rows)</source>
        <translation>
            <numerusform>Das Feld „%1“ (%Ln Zeile)</numerusform>
            <numerusform>Das Feld „%1“ (%Ln Zeilen)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="182"/>
        <source>Import %Ln Rows</source>
        <translation>
            <numerusform>%Ln Zeile importieren</numerusform>
            <numerusform>%Ln Zeilen importieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="183"/>
        <source>Import %Ln Valid Rows</source>
        <translation>
            <numerusform>%Ln gültige Zeile importieren</numerusform>
            <numerusform>%Ln gültige Zeilen importieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="132"/>
        <source>The field “%1” (%Ln rows; the import time for the other %2)</source>
        <translation>
            <numerusform>Das Feld „%1“ (%Ln Zeile; die Importzeit für die übrigen %2)</numerusform>
            <numerusform>Das Feld „%1“ (%Ln Zeilen; die Importzeit für die übrigen %2)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="138"/>
        <source>%Ln rows have no id; each gets a new one.</source>
        <translation>
            <numerusform>%Ln Zeile hat keine ID; sie erhält eine neue.</numerusform>
            <numerusform>%Ln Zeilen haben keine ID; jede erhält eine neue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="140"/>
        <source>%Ln rows have no summary; it stays empty.</source>
        <translation>
            <numerusform>%Ln Zeile hat keine Zusammenfassung; sie bleibt leer.</numerusform>
            <numerusform>%Ln Zeilen haben keine Zusammenfassung; sie bleibt leer.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="164"/>
        <source>The file is empty: it holds no memories, so there is nothing to import.</source>
        <translation>Die Datei ist leer: Sie enthält keine Erinnerungen, daher gibt es nichts zu importieren.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="166"/>
        <source>%Ln rows read, all valid. Nothing is written until you import.</source>
        <translation>
            <numerusform>%Ln Zeile gelesen, gültig. Es wird nichts geschrieben, bevor Sie importieren.</numerusform>
            <numerusform>%Ln Zeilen gelesen, alle gültig. Es wird nichts geschrieben, bevor Sie importieren.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="169"/>
        <source>%Ln rows read: %1 valid, %2 with problems (listed below). Import the valid rows, or nothing.</source>
        <translation>
            <numerusform>%Ln Zeile gelesen: %1 gültig, %2 mit Problemen (unten aufgeführt). Importieren Sie die gültigen Zeilen oder nichts.</numerusform>
            <numerusform>%Ln Zeilen gelesen: %1 gültig, %2 mit Problemen (unten aufgeführt). Importieren Sie die gültigen Zeilen oder nichts.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="148"/>
        <source>This file cannot be imported: %1 Nothing was written.</source>
        <translation>Diese Datei kann nicht importiert werden: %1 Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="176"/>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="193"/>
        <source>Import %1</source>
        <translation>%1 importieren</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="201"/>
        <source>Importing…</source>
        <translation>Wird importiert…</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="205"/>
        <source>Nothing was imported: %1</source>
        <translation>Es wurde nichts importiert: %1</translation>
    </message>
</context>
<context>
    <name>MemoryMaintenance</name>
    <message>
        <location filename="../services/memories/memorymaintenance.cpp" line="48"/>
        <source>The pruning preview was cancelled.</source>
        <translation>Die Vorschau der Bereinigung wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/memories/memorymaintenancedecay.cpp" line="29"/>
        <source>Reading when the memories were last decayed</source>
        <translation>Lesen des letzten Abklingzeitpunkts der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/memories/memorymaintenancewrite.cpp" line="86"/>
        <source>Reading the memories for maintenance</source>
        <translation>Lesen der Erinnerungen für die Wartung</translation>
    </message>
    <message>
        <location filename="../services/memories/memorymaintenancewrite.cpp" line="151"/>
        <source>Archiving memories</source>
        <translation>Archivieren von Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/memories/memorymaintenancewrite.cpp" line="199"/>
        <source>Writing decayed priorities</source>
        <translation>Schreiben der abgeklungenen Prioritäten</translation>
    </message>
</context>
<context>
    <name>MemoryNeighboursView</name>
    <message>
        <location filename="../ui/memories/memoryneighboursview.cpp" line="12"/>
        <source>Similarity</source>
        <translation>Ähnlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryneighboursview.cpp" line="12"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryneighboursview.cpp" line="12"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryneighboursview.cpp" line="20"/>
        <source>Double-click a memory to open it.</source>
        <translation>Doppelklick auf eine Erinnerung öffnet sie.</translation>
    </message>
</context>
<context>
    <name>MemoryQuery</name>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="128"/>
        <source>Loading memories</source>
        <translation>Laden der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="154"/>
        <source>Counting memories</source>
        <translation>Zählen der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="169"/>
        <source>Listing matching memories</source>
        <translation>Auflisten passender Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="184"/>
        <source>Listing tones</source>
        <translation>Auflisten der Töne</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="198"/>
        <source>Listing tags</source>
        <translation>Auflisten der Schlagwörter</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="216"/>
        <source>Listing cluster runs</source>
        <translation>Auflisten der Cluster-Läufe</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="13"/>
        <source>The search vector is empty.</source>
        <translation>Der Suchvektor ist leer.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="14"/>
        <source>The search vector</source>
        <translation>Der Suchvektor</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="44"/>
        <source>Loading a memory&apos;s embedding</source>
        <translation>Laden der Einbettung einer Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="46"/>
        <source>Memory %1 does not exist.</source>
        <translation>Die Erinnerung %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="50"/>
        <source>This memory has no embedding yet, so nothing can be compared with it.</source>
        <translation>Diese Erinnerung hat noch keine Einbettung, daher kann nichts mit ihr verglichen werden.</translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerywhere.cpp" line="125"/>
        <source>%1 has no metric called “%2”.</source>
        <translation>%1 hat keine Metrik namens „%2“.</translation>
    </message>
</context>
<context>
    <name>MemoryTableModel</name>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="149"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="202"/>
        <source>Stored priority %1; long-term and core memories do not decay.</source>
        <translation>Gespeicherte Priorität %1; Langzeit- und Kernerinnerungen klingen nicht ab.</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="205"/>
        <source>Stored priority %1 (as of the decay pass on %2), decayed to %3 since then%4.</source>
        <translation>Gespeicherte Priorität %1 (Stand des Abklingdurchlaufs am %2), seitdem auf %3 abgeklungen%4.</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="210"/>
        <source>Stored priority %1, decayed to %2 since last access%3.</source>
        <translation>Gespeicherte Priorität %1, seit dem letzten Abruf auf %2 abgeklungen%3.</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="209"/>
        <location filename="../models/memories/memorytablemodel.cpp" line="213"/>
        <source> (manual override)</source>
        <translation> (manuell überschrieben)</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="216"/>
        <source>No summary; the reply begins: %1</source>
        <translation>Keine Zusammenfassung; die Antwort beginnt: %1</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="240"/>
        <source>Priority after the decay since the last access or the last decay pass, whichever is later; sorting uses the stored priority (or its manual override).</source>
        <translation>Priorität nach dem Abklingen seit dem letzten Abruf oder dem letzten Abklingdurchlauf, je nachdem, was später war; sortiert wird nach der gespeicherten Priorität (oder ihrem manuell überschriebenen Wert).</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="243"/>
        <source>Cosine similarity to the search, 1 = the same direction.</source>
        <translation>Kosinus-Ähnlichkeit zur Suche; 1 = gleiche Richtung.</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="245"/>
        <source>This column cannot be sorted.</source>
        <translation>Diese Spalte kann nicht sortiert werden.</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="252"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="254"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="256"/>
        <source>Prompt</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="258"/>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="260"/>
        <source>User</source>
        <translation>Nutzer</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="262"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="264"/>
        <source>Tone</source>
        <translation>Ton</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="266"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="268"/>
        <source>Long-term</source>
        <translation>Langzeit</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="270"/>
        <source>Core</source>
        <translation>Kern</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="272"/>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="274"/>
        <source>Top archetype</source>
        <translation>Stärkster Archetyp</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="276"/>
        <source>Last accessed</source>
        <translation>Zuletzt abgerufen</translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="278"/>
        <source>Similarity</source>
        <translation>Ähnlichkeit</translation>
    </message>
</context>
<context>
    <name>MetricDistributionModel</name>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="27"/>
        <source>%1 of %2: %3 of the values are exactly 0 or 1 — the evaluator saturates on this metric.</source>
        <translation>%1 von %2: %3 der Werte sind genau 0 oder 1 — der Bewerter sättigt bei dieser Metrik.</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="73"/>
        <source>saturates: most values at 0 or 1</source>
        <translation>sättigt: die meisten Werte bei 0 oder 1</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="119"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="121"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="123"/>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="125"/>
        <source>Q1</source>
        <translation>Q1</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="127"/>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="129"/>
        <source>Q3</source>
        <translation>Q3</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="131"/>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="133"/>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="135"/>
        <source>SD</source>
        <translation>SD</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="137"/>
        <source>At 0 or 1</source>
        <translation>Bei 0 oder 1</translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="139"/>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
</context>
<context>
    <name>MigrationPreviewDialog</name>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="37"/>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="38"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="40"/>
        <source>Review migrations</source>
        <translation>Migrationen prüfen</translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="52"/>
        <source>%1 (%2) may not change this schema, so Sextant cannot apply the migrations. Ask the schema owner to apply them (Copy SQL gives the script), or connect as the owner.</source>
        <translation>%1 (%2) darf dieses Schema nicht ändern, daher kann Sextant die Migrationen nicht anwenden. Bitten Sie den Eigentümer des Schemas, sie anzuwenden („SQL kopieren“ liefert das Skript), oder verbinden Sie sich als Eigentümer.</translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="66"/>
        <source>&amp;Copy SQL</source>
        <translation>SQL &amp;kopieren</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="92"/>
        <source>%n step(s) create the Sextant schema, version %2, in %1.</source>
        <translation>
            <numerusform>%n Schritt legt das Sextant-Schema in Version %2 in %1 an.</numerusform>
            <numerusform>%n Schritte legen das Sextant-Schema in Version %2 in %1 an.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="95"/>
        <source>%n step(s) take %1 from schema version %2 to %3.</source>
        <translation>
            <numerusform>%n Schritt bringt %1 von Schemaversion %2 auf %3.</numerusform>
            <numerusform>%n Schritte bringen %1 von Schemaversion %2 auf %3.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="99"/>
        <source>They run in one transaction: if any statement fails, the database is left as it was.</source>
        <translation>Sie laufen in einer einzigen Transaktion: Schlägt eine Anweisung fehl, bleibt die Datenbank unverändert.</translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="101"/>
        <source>The 8thDegree tables that already exist (users, jobs, embeddings from the seed plan) are adopted and upgraded in place; their rows are kept.</source>
        <translation>Die bereits vorhandenen 8thDegree-Tabellen (Nutzer, Aufträge und Einbettungen aus dem Seed-Plan) werden übernommen und direkt aktualisiert; ihre Zeilen bleiben erhalten.</translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="104"/>
        <source>The pgvector extension is enabled first, so embeddings are stored as vector(1536).</source>
        <translation>Zuerst wird die Erweiterung pgvector aktiviert, sodass Einbettungen als vector(1536) gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="143"/>
        <source>The migrations were not applied, and the database is unchanged: %1</source>
        <translation>Die Migrationen wurden nicht angewendet, die Datenbank ist unverändert: %1</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <location filename="../services/db/migrator.cpp" line="197"/>
        <source>Preparing the migration table</source>
        <translation>Vorbereiten der Migrationstabelle</translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="137"/>
        <source>This database has schema version %1, but this Sextant knows versions up to %2. Update Sextant to open it; nothing was changed.</source>
        <translation>Diese Datenbank hat die Schemaversion %1, diese Sextant-Version kennt aber nur Versionen bis %2. Aktualisieren Sie Sextant, um sie zu öffnen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="148"/>
        <source>%1 here is Supabase Auth&apos;s own table, not the marketplace&apos;s. Set the 8thDegree auth schema of this connection to another name (for example app_auth); nothing was changed.</source>
        <translation>%1 ist hier die eigene Tabelle von Supabase Auth, nicht die des Marktplatzes. Geben Sie dem 8thDegree-Auth-Schema dieser Verbindung einen anderen Namen (zum Beispiel app_auth); es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="156"/>
        <source>upgrade the seed plan&apos;s %1 in place</source>
        <translation>Direkte Aktualisierung von %1 aus dem Seed-Plan</translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="166"/>
        <source>This database already has tables Sextant did not create (%1). Sextant can upgrade only the seed plan&apos;s auth.users, core.jobs and ai.embeddings in place; use an empty database or other schema names.</source>
        <translation>Diese Datenbank enthält bereits Tabellen, die nicht von Sextant angelegt wurden (%1). Sextant kann nur auth.users, core.jobs und ai.embeddings aus dem Seed-Plan direkt aktualisieren; verwenden Sie eine leere Datenbank oder andere Schemanamen.</translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="193"/>
        <source>Creating the schema %1</source>
        <translation>Anlegen des Schemas %1</translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="202"/>
        <source>Migration %1 (%2)</source>
        <translation>Migration %1 (%2)</translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="214"/>
        <source>Recording migration %1</source>
        <translation>Protokollieren der Migration %1</translation>
    </message>
</context>
<context>
    <name>ModelRegistry</name>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="64"/>
        <source>Changing the active model version</source>
        <translation>Ändern der aktiven Modellversion</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="81"/>
        <source>Reading model versions</source>
        <translation>Lesen der Modellversionen</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="100"/>
        <source>Reading a model version</source>
        <translation>Lesen einer Modellversion</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="104"/>
        <source>There is no model version %1.</source>
        <translation>Es gibt keine Modellversion %1.</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="115"/>
        <source>Reading the active matching version</source>
        <translation>Lesen der aktiven Matching-Version</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="121"/>
        <source>No matching version is active. Activate one in the model registry before running matching.</source>
        <translation>Keine Matching-Version ist aktiv. Aktivieren Sie eine im Modellregister, bevor Sie das Matching ausführen.</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="130"/>
        <source>A version needs a name of 1 to 64 characters. Nothing was saved.</source>
        <translation>Eine Version benötigt einen Namen mit 1 bis 64 Zeichen. Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="133"/>
        <source>The matching parameters are not valid: %1. Nothing was saved.</source>
        <translation>Die Matching-Parameter sind ungültig: %1. Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="154"/>
        <source>Checking the version name</source>
        <translation>Prüfen des Versionsnamens</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="160"/>
        <source>A matching version named &quot;%1&quot; exists already. Choose another name; nothing was saved.</source>
        <translation>Eine Matching-Version namens „%1“ existiert bereits. Wählen Sie einen anderen Namen; es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="168"/>
        <source>Saving the model version</source>
        <translation>Speichern der Modellversion</translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="231"/>
        <source>%1 is the active %2 version and cannot be retired. Activate another version first.</source>
        <translation>%1 ist die aktive %2-Version und kann nicht außer Dienst gestellt werden. Aktivieren Sie zuerst eine andere Version.</translation>
    </message>
</context>
<context>
    <name>ModelRegistryPage</name>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="45"/>
        <source>New matching version</source>
        <translation>Neue Matching-Version</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="55"/>
        <source>Embedding</source>
        <translation>Einbettung</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="56"/>
        <source>Matching</source>
        <translation>Matching</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="57"/>
        <source>Bias</source>
        <translation>Bias</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="58"/>
        <source>Learning</source>
        <translation>Lernen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="62"/>
        <source>Model versions</source>
        <translation>Modellversionen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="77"/>
        <source>Select one version to edit, replay or activate it; select two to compare them</source>
        <translation>Wählen Sie eine Version aus, um sie zu bearbeiten, nachzurechnen oder zu aktivieren; wählen Sie zwei aus, um sie zu vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="83"/>
        <source>Replay against the reviews</source>
        <translation>Nachrechnung anhand der Prüfungen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="84"/>
        <source>Suggested weights</source>
        <translation>Vorgeschlagene Gewichte</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="160"/>
        <source>Model type:</source>
        <translation>Modelltyp:</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="163"/>
        <source>New from selected</source>
        <translation>Neu aus Auswahl</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="164"/>
        <source>Start a new matching version from the selected one&apos;s weights</source>
        <translation>Eine neue Matching-Version mit den Gewichten der ausgewählten beginnen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="165"/>
        <source>New from scratch</source>
        <translation>Neu von Grund auf</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="166"/>
        <source>Start a new matching version with every weight at 0</source>
        <translation>Eine neue Matching-Version mit allen Gewichten auf 0 beginnen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="167"/>
        <source>Activate…</source>
        <translation>Aktivieren…</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="168"/>
        <source>Make the selected version the active one of its type (new match runs use it)</source>
        <translation>Die ausgewählte Version zur aktiven ihres Typs machen (neue Matching-Läufe verwenden sie)</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="170"/>
        <source>Retire…</source>
        <translation>Außer Dienst stellen…</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="170"/>
        <source>Retire the selected inactive version</source>
        <translation>Die ausgewählte inaktive Version außer Dienst stellen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="173"/>
        <source>Replay</source>
        <translation>Nachrechnen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="174"/>
        <source>Measure the selected version against the operators&apos; reviews (a task)</source>
        <translation>Die ausgewählte Version an den Prüfungen der Bediener messen (eine Aufgabe)</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="175"/>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="176"/>
        <source>Replay the two selected versions and show them side by side</source>
        <translation>Die beiden ausgewählten Versionen nachrechnen und nebeneinander anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="177"/>
        <source>Suggest weights</source>
        <translation>Gewichte vorschlagen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="178"/>
        <source>Fit approve against reject on the reviews and save the weights as a draft version (a task)</source>
        <translation>Annahme gegen Ablehnung an den Prüfungen anpassen und die Gewichte als Entwurfsversion speichern (eine Aufgabe)</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="284"/>
        <source>New matching version from %1</source>
        <translation>Neue Matching-Version aus %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="291"/>
        <source>New matching version from scratch</source>
        <translation>Neue Matching-Version von Grund auf</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="300"/>
        <source>The version was not saved: %1</source>
        <translation>Die Version wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="304"/>
        <source>Saved %1 as an inactive draft. Replay or compare it, then activate it.</source>
        <translation>%1 wurde als inaktiver Entwurf gespeichert. Rechnen Sie ihn nach oder vergleichen Sie ihn, und aktivieren Sie ihn dann.</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="317"/>
        <location filename="../ui/matching/modelregistrypage.cpp" line="333"/>
        <source>No %1 version is active now.</source>
        <translation>Derzeit ist keine %1-Version aktiv.</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="318"/>
        <source>The active %1 version now is %2; it will be deactivated.</source>
        <translation>Die derzeit aktive %1-Version ist %2; sie wird deaktiviert.</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="319"/>
        <source>Activate %1?</source>
        <translation>%1 aktivieren?</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="320"/>
        <source>Activate %1?

%2 New match runs will use %1; proposals made earlier keep the version that made them.</source>
        <translation>%1 aktivieren?

%2 Neue Matching-Läufe verwenden %1; früher erstellte Vorschläge behalten die Version, die sie erstellt hat.</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="322"/>
        <source>Activate %1</source>
        <translation>%1 aktivieren</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="334"/>
        <source>The active %1 version now is %2 and stays active.</source>
        <translation>Die derzeit aktive %1-Version ist %2 und bleibt aktiv.</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="335"/>
        <source>Retire %1?</source>
        <translation>%1 außer Dienst stellen?</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="336"/>
        <source>Retire %1?

%2 A retired version stays listed and can be activated again later.</source>
        <translation>%1 außer Dienst stellen?

%2 Eine außer Dienst gestellte Version bleibt aufgeführt und kann später wieder aktiviert werden.</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="338"/>
        <source>Retire %1</source>
        <translation>%1 außer Dienst stellen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="364"/>
        <source>%1 was not activated: %2</source>
        <translation>%1 wurde nicht aktiviert: %2</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="367"/>
        <source>%1 is now the active %2 version.</source>
        <translation>%1 ist jetzt die aktive %2-Version.</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="378"/>
        <source>%1 was not retired: %2</source>
        <translation>%1 wurde nicht außer Dienst gestellt: %2</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="381"/>
        <source>%1 is retired.</source>
        <translation>%1 ist außer Dienst gestellt.</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="26"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="28"/>
        <source>Stop this page&apos;s replays and fits</source>
        <translation>Nachrechnungen und Anpassungen dieser Seite beenden</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="67"/>
        <source>The replay failed: %1</source>
        <translation>Die Nachrechnung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="98"/>
        <source>No weights were suggested: %1</source>
        <translation>Es wurden keine Gewichte vorgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="104"/>
        <source>Saved the suggested weights as the draft %1.</source>
        <translation>Die vorgeschlagenen Gewichte wurden als Entwurf %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="133"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="168"/>
        <source>Could not load the learning metrics of %1: %2</source>
        <translation>Die Lernmetriken von %1 konnten nicht geladen werden: %2</translation>
    </message>
</context>
<context>
    <name>ModelVersionModel</name>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="48"/>
        <source>Could not load the model versions: %1</source>
        <translation>Die Modellversionen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="75"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="135"/>
        <source>This version holds no matching weights.</source>
        <translation>Diese Version enthält keine Matching-Gewichte.</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="138"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="143"/>
        <source>Deployed %1</source>
        <translation>Bereitgestellt %1</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="145"/>
        <source>Retired %1</source>
        <translation>Außer Dienst %1</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="147"/>
        <source>%1, created %2</source>
        <translation>%1, erstellt %2</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="157"/>
        <location filename="../models/matching/modelversionmodel.cpp" line="184"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="157"/>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="165"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="182"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="186"/>
        <source>Deployed</source>
        <translation>Bereitgestellt</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="188"/>
        <source>Retired</source>
        <translation>Außer Dienst</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="190"/>
        <source>Created by</source>
        <translation>Erstellt von</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="192"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="194"/>
        <source>Threshold</source>
        <translation>Schwellenwert</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="196"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="198"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
</context>
<context>
    <name>OfflineEmbedder</name>
    <message>
        <location filename="../services/ai/offlineembedder.cpp" line="35"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>OpenAiClient</name>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="70"/>
        <source>The model&apos;s answer was cut off at the token limit before its JSON was complete.</source>
        <translation>Die Antwort des Modells wurde am Token-Limit abgeschnitten, bevor ihr JSON vollständig war.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="74"/>
        <source>The model&apos;s answer is not the JSON object that was asked for.</source>
        <translation>Die Antwort des Modells ist nicht das angeforderte JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="76"/>
        <source>The model&apos;s answer does not follow the schema (%1).</source>
        <translation>Die Antwort des Modells entspricht nicht dem Schema (%1).</translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="93"/>
        <source>The model declined to answer: %1</source>
        <translation>Das Modell hat die Antwort verweigert: %1</translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="110"/>
        <source>OpenAI&apos;s chat answer holds no message.</source>
        <translation>Die Chat-Antwort von OpenAI enthält keine Nachricht.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="124"/>
        <source>OpenAI sent a stream event that is not valid JSON.</source>
        <translation>OpenAI hat ein Stream-Ereignis gesendet, das kein gültiges JSON ist.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="126"/>
        <source>OpenAI reported an error in the middle of the answer.</source>
        <translation>OpenAI hat mitten in der Antwort einen Fehler gemeldet.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="171"/>
        <source>The answer stream broke off before it was complete.</source>
        <translation>Der Antwort-Stream ist abgebrochen, bevor er vollständig war.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaiclient.cpp" line="111"/>
        <location filename="../services/ai/openaierrors.cpp" line="29"/>
        <source>The OpenAI request was cancelled.</source>
        <translation>Die OpenAI-Anfrage wurde abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/ai/openaiclient.cpp" line="124"/>
        <source>OpenAI requests are paused after repeated failures; Sextant tries again in %n second(s).</source>
        <translation>
            <numerusform>OpenAI-Anfragen sind nach wiederholten Fehlern pausiert; Sextant versucht es in %n Sekunde erneut.</numerusform>
            <numerusform>OpenAI-Anfragen sind nach wiederholten Fehlern pausiert; Sextant versucht es in %n Sekunden erneut.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/ai/openaiclient.cpp" line="161"/>
        <source>Gave up after %n attempt(s).</source>
        <translation>
            <numerusform>Nach %n Versuch aufgegeben.</numerusform>
            <numerusform>Nach %n Versuchen aufgegeben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/ai/openaiclient.cpp" line="167"/>
        <source>The server asks to wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Der Server bittet, vor einem erneuten Versuch %n Sekunde zu warten.</numerusform>
            <numerusform>Der Server bittet, vor einem erneuten Versuch %n Sekunden zu warten.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="70"/>
        <source>Text %1 is empty; OpenAI cannot embed empty text.</source>
        <translation>Text %1 ist leer; OpenAI kann leeren Text nicht einbetten.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="135"/>
        <source>OpenAI&apos;s embedding answer is unusable: %1</source>
        <translation>Die Einbettungsantwort von OpenAI ist unbrauchbar: %1</translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="138"/>
        <source>%1 vectors for %2 texts.</source>
        <translation>%1 Vektoren für %2 Texte.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="145"/>
        <source>vector index %1 is out of place.</source>
        <translation>Vektorindex %1 ist ungültig oder doppelt.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="150"/>
        <source>a vector has %1 dimensions instead of %2.</source>
        <translation>Ein Vektor hat %1 statt %2 Dimensionen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/ai/openaierrors.cpp" line="32"/>
        <source>%1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>%1 hat nicht innerhalb von %n Sekunde geantwortet.</numerusform>
            <numerusform>%1 hat nicht innerhalb von %n Sekunden geantwortet.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="37"/>
        <source>The secure connection to %1 failed: %2</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="40"/>
        <source>The connection to %1 dropped before the answer was complete.</source>
        <translation>Die Verbindung zu %1 wurde getrennt, bevor die Antwort vollständig war.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="45"/>
        <source>The connection to %1 was cut off before the answer came.</source>
        <translation>Die Verbindung zu %1 brach ab, bevor die Antwort kam.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="46"/>
        <source>Could not reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="55"/>
        <source>The API key was refused by %1 (401). Check the key in the OpenAI settings.</source>
        <translation>%1 hat den API-Schlüssel abgelehnt (401). Prüfen Sie den Schlüssel in den OpenAI-Einstellungen.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="58"/>
        <source>This API key has no access here (403): the organisation, project or region does not allow it.</source>
        <translation>Dieser API-Schlüssel hat hier keinen Zugriff (403): Organisation, Projekt oder Region lassen ihn nicht zu.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="64"/>
        <source>OpenAI does not know the model &quot;%1&quot;, or this key cannot use it (404).</source>
        <translation>OpenAI kennt das Modell „%1“ nicht, oder dieser Schlüssel darf es nicht verwenden (404).</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="67"/>
        <source>%1 has no endpoint &quot;%2&quot; (404). Check the base URL.</source>
        <translation>%1 hat keinen Endpunkt „%2“ (404). Prüfen Sie die Basis-URL.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="71"/>
        <source>The OpenAI account has used up its quota (429). Check the plan and billing.</source>
        <translation>Das OpenAI-Konto hat sein Kontingent aufgebraucht (429). Prüfen Sie Tarif und Abrechnung.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="73"/>
        <source>OpenAI is limiting the request rate (429).</source>
        <translation>OpenAI begrenzt die Anfragerate (429).</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="75"/>
        <source>%1 timed out waiting for the request (408).</source>
        <translation>%1 hat beim Warten auf die Anfrage das Zeitlimit überschritten (408).</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="82"/>
        <source>%1 answered with a server error (HTTP %2).</source>
        <translation>%1 hat mit einem Serverfehler geantwortet (HTTP %2).</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="85"/>
        <source>OpenAI rejected the request (HTTP %1).</source>
        <translation>OpenAI hat die Anfrage abgelehnt (HTTP %1).</translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="90"/>
        <source>%1 sent an answer that is not valid JSON.</source>
        <translation>%1 hat eine Antwort gesendet, die kein gültiges JSON ist.</translation>
    </message>
</context>
<context>
    <name>OpenAiSettings</name>
    <message>
        <location filename="../services/ai/openaisettings.cpp" line="49"/>
        <source>The OpenAI base URL &quot;%1&quot; is not an http(s) address.</source>
        <translation>Die OpenAI-Basis-URL „%1“ ist keine http(s)-Adresse.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaisettings.cpp" line="51"/>
        <source>Both an embedding model and a chat model must be named.</source>
        <translation>Es müssen sowohl ein Einbettungsmodell als auch ein Chat-Modell angegeben werden.</translation>
    </message>
    <message>
        <location filename="../services/ai/openaisettings.cpp" line="55"/>
        <source>An OpenAI limit or timeout is out of range.</source>
        <translation>Ein Limit oder Zeitlimit der OpenAI-Einstellungen liegt außerhalb des zulässigen Bereichs.</translation>
    </message>
</context>
<context>
    <name>PairAgreementModel</name>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="78"/>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="80"/>
        <source>Second reviewer</source>
        <translation>Zweiter Prüfer</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="82"/>
        <source>Items</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="84"/>
        <source>Cohen&apos;s κ</source>
        <translation>Cohens κ</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="86"/>
        <source>95 % interval</source>
        <translation>95-%-Intervall</translation>
    </message>
</context>
<context>
    <name>Parser</name>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="216"/>
        <source>the text cannot be read as YAML</source>
        <translation>der Text kann nicht als YAML gelesen werden</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="217"/>
        <source>YAML line %1, column %2: %3.</source>
        <translation>YAML-Zeile %1, Spalte %2: %3.</translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="224"/>
        <source>%1 (%2 on line %3)</source>
        <translation>%1 (%2 in Zeile %3)</translation>
    </message>
</context>
<context>
    <name>PerJobRankingView</name>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="33"/>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="63"/>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="172"/>
        <source>Worst jobs</source>
        <translation>Schlechteste Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="42"/>
        <source>Per-job ranking measures</source>
        <translation>Rangfolgemaße je Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Pooled</source>
        <translation>Zusammengefasst</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Worst</source>
        <translation>Schlechtester</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="45"/>
        <source>Over all jobs&apos; positions pooled (position j = the j-th proposal of every job)</source>
        <translation>Über die Plätze aller Aufträge zusammen (Platz j = der j-te Vorschlag jedes Auftrags)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="46"/>
        <source>The mean over the measured jobs (a skew of −∞ is left out of it and counted below)</source>
        <translation>Der Mittelwert über die gemessenen Aufträge (ein skew von −∞ bleibt außen vor und wird unten gezählt)</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="47"/>
        <source>The median over the measured jobs</source>
        <translation>Der Median über die gemessenen Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="48"/>
        <source>The worst measured job: the largest NDKL or rND, the most negative skew, the lowest ratio</source>
        <translation>Der schlechteste gemessene Auftrag: das größte NDKL oder rND, der negativste skew, das niedrigste Verhältnis</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="49"/>
        <source>How many jobs the measure was taken on</source>
        <translation>An wie vielen Aufträgen das Maß genommen wurde</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="89"/>
        <source>Build a report to measure each job&apos;s own ranking</source>
        <translation>Einen Bericht erstellen, um die eigene Rangfolge jedes Auftrags zu messen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/perjobrankingview.cpp" line="102"/>
        <source>Each job&apos;s own ranking, measured on its own: %n job(s) measured.</source>
        <translation>
            <numerusform>Die eigene Rangfolge jedes Auftrags, für sich gemessen: %n Auftrag gemessen.</numerusform>
            <numerusform>Die eigene Rangfolge jedes Auftrags, für sich gemessen: %n Aufträge gemessen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="104"/>
        <source>Not measured: %1 with fewer than %2 ranked proposals, %3 without a proposal of %4, %5 with nothing but %4.</source>
        <translation>Nicht gemessen: %1 mit weniger als %2 gereihten Vorschlägen, %3 ohne Vorschlag von %4, %5 mit nichts als %4.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="111"/>
        <source>A job needs at least k ranked proposals for skew@k, and proposals of the protected group and of another group for any comparison; the others are counted here, not dropped.</source>
        <translation>Ein Auftrag braucht mindestens k gereihte Vorschläge für skew@k und Vorschläge der geschützten und einer anderen Gruppe für jeden Vergleich; die übrigen werden hier gezählt, nicht verworfen.</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="130"/>
        <source>NDKL</source>
        <translation>NDKL</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="131"/>
        <source>rND of %1</source>
        <translation>rND von %1</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="133"/>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="146"/>
        <source>skew@%1 of %2</source>
        <translation>skew@%1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="135"/>
        <source>Exposure/merit of %1</source>
        <translation>Sichtbarkeit/Verdienst von %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/perjobrankingview.cpp" line="166"/>
        <source>%n job(s) with −∞ (the group absent from the top k) are left out of the mean</source>
        <translation>
            <numerusform>%n Auftrag mit −∞ (die Gruppe fehlt unter den ersten k) bleibt beim Mittelwert außen vor</numerusform>
            <numerusform>%n Aufträge mit −∞ (die Gruppe fehlt unter den ersten k) bleiben beim Mittelwert außen vor</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="172"/>
        <source>Worst jobs: none can be named</source>
        <translation>Schlechteste Aufträge: keiner kann genannt werden</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/perjobrankingview.cpp" line="174"/>
        <source>%n measured job(s) are not named: a group in them has fewer than %1 ranked proposals there, and beside the job&apos;s ranking its measures would tell those people&apos;s attributes. They are in the mean, median and worst above.</source>
        <translation>
            <numerusform>%n gemessener Auftrag wird nicht genannt: eine Gruppe darin hat dort weniger als %1 gereihte Vorschläge, und neben der Rangfolge des Auftrags verrieten seine Maße die Merkmale dieser Personen. Er ist in Mittelwert, Median und schlechtestem Wert oben enthalten.</numerusform>
            <numerusform>%n gemessene Aufträge werden nicht genannt: eine Gruppe darin hat dort weniger als %1 gereihte Vorschläge, und neben der Rangfolge des Auftrags verrieten ihre Maße die Merkmale dieser Personen. Sie sind in Mittelwert, Median und schlechtestem Wert oben enthalten.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PointMapView</name>
    <message>
        <location filename="../ui/map/pointmapviewinput.cpp" line="234"/>
        <source>Noise (no cluster)</source>
        <translation>Rauschen (kein Cluster)</translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewinput.cpp" line="235"/>
        <source>Cluster %1</source>
        <translation>Cluster %1</translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewinput.cpp" line="236"/>
        <source>Cluster %1: %2</source>
        <translation>Cluster %1: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/pointmapviewoverlay.cpp" line="34"/>
        <source>%Ln points</source>
        <translation>
            <numerusform>%Ln Punkt</numerusform>
            <numerusform>%Ln Punkte</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewoverlay.cpp" line="36"/>
        <source>density view</source>
        <translation>Dichteansicht</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/pointmapviewoverlay.cpp" line="38"/>
        <source>%Ln selected</source>
        <translation>
            <numerusform>%Ln ausgewählt</numerusform>
            <numerusform>%Ln ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewoverlay.cpp" line="65"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewpaint.cpp" line="122"/>
        <source>No map yet.</source>
        <translation>Noch keine Karte.</translation>
    </message>
</context>
<context>
    <name>PostgresSettings</name>
    <message>
        <location filename="../services/db/postgressettings.cpp" line="40"/>
        <source>This is not a valid PostgreSQL address: %1</source>
        <translation>Dies ist keine gültige PostgreSQL-Adresse: %1</translation>
    </message>
    <message>
        <location filename="../services/db/postgressettings.cpp" line="58"/>
        <source>&quot;%1&quot; is not a key=value pair.</source>
        <translation>„%1“ ist kein Schlüssel=Wert-Paar.</translation>
    </message>
</context>
<context>
    <name>PostgresWorkspace</name>
    <message numerus="yes">
        <location filename="../services/db/postgresworkspace.cpp" line="179"/>
        <source>%1 needs %n migration step(s) before Sextant can use it. Review and apply them from the connection dialog.</source>
        <translation>
            <numerusform>%1 benötigt %n Migrationsschritt, bevor Sextant die Datenbank verwenden kann. Prüfen Sie ihn im Verbindungsdialog und wenden Sie ihn dort an.</numerusform>
            <numerusform>%1 benötigt %n Migrationsschritte, bevor Sextant die Datenbank verwenden kann. Prüfen Sie sie im Verbindungsdialog und wenden Sie sie dort an.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PriceTableDialog</name>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="28"/>
        <source>Model Prices</source>
        <translation>Modellpreise</translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="29"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="29"/>
        <source>Prompt, per 1M tokens</source>
        <translation>Prompt, pro 1 Mio. Token</translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="29"/>
        <source>Completion, per 1M tokens</source>
        <translation>Antwort, pro 1 Mio. Token</translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="34"/>
        <source>&amp;Add Model</source>
        <translation>Modell &amp;hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="43"/>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="48"/>
        <source>Reset to &amp;Defaults</source>
        <translation>&amp;Standardwerte wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="50"/>
        <source>A dated model name (gpt-4o-mini-2024-07-18) uses the price of its base name.</source>
        <translation>Ein Modellname mit Datum (gpt-4o-mini-2024-07-18) verwendet den Preis seines Basisnamens.</translation>
    </message>
</context>
<context>
    <name>PriorityPanel</name>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="27"/>
        <location filename="../ui/memories/prioritypanel.cpp" line="39"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="39"/>
        <source>Archetype</source>
        <translation>Archetyp</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="39"/>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="39"/>
        <source>Contribution</source>
        <translation>Beitrag</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="40"/>
        <source>The archetype&apos;s priority for this memory.</source>
        <translation>Die Priorität des Archetyps für diese Erinnerung.</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="42"/>
        <source>Weight × archetype priority. The default weights add up to 1, so the contributions add up to the weighted priority.</source>
        <translation>Gewicht × Archetyp-Priorität. Die Standardgewichte ergeben zusammen 1, daher ergeben die Beiträge zusammen die gewichtete Priorität.</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="75"/>
        <source>Stored priority: %1 (sum of the archetype contributions below: %2)</source>
        <translation>Gespeicherte Priorität: %1 (Summe der Archetyp-Beiträge unten: %2)</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="78"/>
        <source>Manual override: %1</source>
        <translation>Manuell überschrieben: %1</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="80"/>
        <source>Priority now: %1 (long-term and core memories do not decay)</source>
        <translation>Aktuelle Priorität: %1 (Langzeit- und Kernerinnerungen klingen nicht ab)</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="82"/>
        <source>Priority now: %1 after decay since the decay pass on %2 (the stored priority already holds the decay before it)</source>
        <translation>Aktuelle Priorität: %1 nach dem Abklingen seit dem Abklingdurchlauf am %2 (die gespeicherte Priorität enthält das Abklingen davor bereits)</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="87"/>
        <source>Priority now: %1 after decay since the last access on %2</source>
        <translation>Aktuelle Priorität: %1 nach dem Abklingen seit dem letzten Abruf am %2</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="91"/>
        <source>Priority now: %1 (never accessed, so no decay yet)</source>
        <translation>Aktuelle Priorität: %1 (nie abgerufen, daher noch nicht abgeklungen)</translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="112"/>
        <source>—</source>
        <translation>—</translation>
    </message>
</context>
<context>
    <name>PriorityQueries</name>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="174"/>
        <source>Reading the memories&apos; archetype priorities</source>
        <translation>Lesen der Archetyp-Prioritäten der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="202"/>
        <source>Counting the memories</source>
        <translation>Zählen der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="238"/>
        <source>Finding the memories about to fall under the floor</source>
        <translation>Suchen der Erinnerungen, die bald unter die Untergrenze fallen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="239"/>
        <source>Ranking the memories by decayed priority</source>
        <translation>Ordnen der Erinnerungen nach abgeklungener Priorität</translation>
    </message>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="290"/>
        <source>Reading every memory&apos;s priority under the strategy</source>
        <translation>Lesen der Priorität jeder Erinnerung unter der Strategie</translation>
    </message>
</context>
<context>
    <name>PriorityRowModel</name>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="89"/>
        <source>core</source>
        <translation>Kern</translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="89"/>
        <source>long-term</source>
        <translation>Langzeit</translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="129"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="134"/>
        <source>In %n days</source>
        <translation>
            <numerusform>In %n Tag</numerusform>
            <numerusform>In %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="146"/>
        <source>Each archetype&apos;s weighted contribution to the priority, in its colour</source>
        <translation>Gewichteter Beitrag jedes Archetyps zur Priorität, in seiner Farbe</translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="151"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="153"/>
        <source>Memory</source>
        <translation>Erinnerung</translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="155"/>
        <source>Contribution</source>
        <translation>Beitrag</translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="157"/>
        <source>Stored</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="159"/>
        <source>Decayed</source>
        <translation>Abgeklungen</translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="161"/>
        <source>Kept</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="163"/>
        <source>Falls below floor</source>
        <translation>Fällt unter Untergrenze</translation>
    </message>
</context>
<context>
    <name>Privileges</name>
    <message>
        <location filename="../services/db/privileges.cpp" line="20"/>
        <source>superuser</source>
        <translation>Superuser</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="22"/>
        <source>owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="27"/>
        <source>custom grants</source>
        <translation>individuelle Rechte</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="27"/>
        <source>no access</source>
        <translation>kein Zugriff</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="35"/>
        <source>read memories and marketplace data</source>
        <translation>Erinnerungen und Marktplatzdaten lesen</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="35"/>
        <source>review matches and bias reports</source>
        <translation>Vorschläge und Bias-Berichte prüfen</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="36"/>
        <source>edit annotations</source>
        <translation>Anmerkungen bearbeiten</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="36"/>
        <source>edit memories and links</source>
        <translation>Erinnerungen und Verknüpfungen bearbeiten</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="37"/>
        <source>purge memories</source>
        <translation>Erinnerungen endgültig löschen</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="37"/>
        <source>read audit attributes</source>
        <translation>Audit-Attribute lesen</translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="38"/>
        <source>apply migrations</source>
        <translation>Migrationen anwenden</translation>
    </message>
</context>
<context>
    <name>PromptLibrary</name>
    <message>
        <location filename="../services/archetypes/promptlibrary.cpp" line="68"/>
        <source>Cannot read the prompt file %1.</source>
        <translation>Die Prompt-Datei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/promptlibrary.cpp" line="72"/>
        <source>The prompt file %1 is not a valid prompt.</source>
        <translation>Die Prompt-Datei %1 enthält keinen gültigen Prompt.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/promptlibrary.cpp" line="106"/>
        <source>No prompt &quot;%1&quot; %2 in mode %3.</source>
        <translation>Kein Prompt „%1“ %2 im Modus %3.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/promptlibrary.cpp" line="106"/>
        <source>(any version)</source>
        <translation>(beliebige Version)</translation>
    </message>
</context>
<context>
    <name>PromptsDialog</name>
    <message>
        <location filename="../ui/ai/promptsdialog.cpp" line="19"/>
        <source>Evaluation Prompts</source>
        <translation>Bewertungs-Prompts</translation>
    </message>
    <message>
        <location filename="../ui/ai/promptsdialog.cpp" line="27"/>
        <source>The prompts could not be read: %1</source>
        <translation>Die Prompts konnten nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>RankMoveModel</name>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="40"/>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="42"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="63"/>
        <source>%1&apos;s weighted contribution changed most</source>
        <translation>Der gewichtete Beitrag von %1 hat sich am stärksten geändert</translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="81"/>
        <source>Memory</source>
        <translation>Erinnerung</translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="83"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="85"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="87"/>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
</context>
<context>
    <name>ReplayComparison</name>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="41"/>
        <source>Replay comparison</source>
        <translation>Vergleich der Wiederholung</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="61"/>
        <source>Select a matching version and press Replay, or select two and press Compare, to measure them against the operators&apos; reviews.</source>
        <translation>Wählen Sie eine Matching-Version aus und klicken Sie auf „Nachrechnen“, oder wählen Sie zwei aus und klicken Sie auf „Vergleichen“, um sie an den Prüfungen der Bediener zu messen.</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="69"/>
        <source>Overall score</source>
        <translation>Gesamtscore</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="69"/>
        <source>Semantic alone</source>
        <translation>Nur Semantik</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="69"/>
        <source>Skills alone</source>
        <translation>Nur Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="69"/>
        <source>Experience alone</source>
        <translation>Nur Erfahrung</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="70"/>
        <source>Success rate alone</source>
        <translation>Nur Erfolgsquote</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="70"/>
        <source>Region alone</source>
        <translation>Nur Region</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="70"/>
        <source>Budget alone</source>
        <translation>Nur Budget</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="77"/>
        <source>%1
Precision@%2</source>
        <translation>%1
Precision@%2</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="78"/>
        <source>%1
NDCG@%2</source>
        <translation>%1
NDCG@%2</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="78"/>
        <source>%1
ROC AUC</source>
        <translation>%1
ROC AUC</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="80"/>
        <source>%1: %2, %3, k = %4</source>
        <translation>%1: %2, %3, k = %4</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/replaycomparison.cpp" line="81"/>
        <source>%n reviewed pairs</source>
        <translation>
            <numerusform>%n geprüftes Paar</numerusform>
            <numerusform>%n geprüfte Paare</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/replaycomparison.cpp" line="82"/>
        <source>%n jobs with a decision</source>
        <translation>
            <numerusform>%n Auftrag mit Entscheidung</numerusform>
            <numerusform>%n Aufträge mit Entscheidung</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="91"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="95"/>
        <source>Not enough reviews to measure this (no approval, or only one kind of decision)</source>
        <translation>Nicht genug Prüfungen, um dies zu messen (keine Annahme oder nur eine Art von Entscheidung)</translation>
    </message>
</context>
<context>
    <name>Repository</name>
    <message>
        <location filename="../app/cli/clicontext.cpp" line="212"/>
        <location filename="../services/db/repository.cpp" line="99"/>
        <source>%1 was refused: your database role is not allowed to do this (%2).</source>
        <translation>%1 wurde verweigert: Ihre Datenbankrolle hat dafür keine Rechte (%2).</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="67"/>
        <source>%1 failed: the connection to the database server was lost, and this step was not saved. Sextant reconnects by itself; run it again once the server is back.</source>
        <translation>%1 fehlgeschlagen: Die Verbindung zum Datenbankserver ging verloren, und dieser Schritt wurde nicht gespeichert. Sextant verbindet sich von selbst neu; führen Sie ihn erneut aus, sobald der Server wieder erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="88"/>
        <source>the workspace is not open</source>
        <translation>der Arbeitsbereich ist nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="88"/>
        <source>the database gave no reason</source>
        <translation>die Datenbank nannte keinen Grund</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="100"/>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="119"/>
        <source>Starting a savepoint</source>
        <translation>Anlegen eines Sicherungspunkts</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="129"/>
        <source>Releasing a savepoint</source>
        <translation>Freigeben eines Sicherungspunkts</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="135"/>
        <source>Starting a transaction</source>
        <translation>Das Starten einer Transaktion</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="136"/>
        <source>Could not start a transaction: %1</source>
        <translation>Die Transaktion konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="151"/>
        <source>The connection to the database server was lost while committing, so it is not known whether this step was saved. Sextant reconnects by itself; look again once the server is back.</source>
        <translation>Die Verbindung zum Datenbankserver ging beim Festschreiben verloren; ob dieser Schritt gespeichert wurde, ist daher nicht bekannt. Sextant verbindet sich von selbst neu; sehen Sie nach, sobald der Server wieder erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="153"/>
        <source>Could not commit: %1</source>
        <translation>Die Transaktion konnte nicht festgeschrieben werden: %1</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="162"/>
        <source>Reading the schema version</source>
        <translation>Lesen der Schemaversion</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="181"/>
        <source>Counting rows</source>
        <translation>Zählen der Zeilen</translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="212"/>
        <source>Writing the audit log</source>
        <translation>Schreiben des Audit-Protokolls</translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="44"/>
        <source>This database driver cannot deliver change notifications.</source>
        <translation>Dieser Datenbanktreiber kann keine Änderungsbenachrichtigungen liefern.</translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="47"/>
        <source>Could not listen for changes: %1</source>
        <translation>Änderungsbenachrichtigungen konnten nicht abonniert werden: %1</translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="62"/>
        <source>The connection to %1 is closed.</source>
        <translation>Die Verbindung zu %1 ist geschlossen.</translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="67"/>
        <source>the server does not answer</source>
        <translation>der Server antwortet nicht</translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="68"/>
        <source>The connection to %1 was lost: %2</source>
        <translation>Die Verbindung zu %1 wurde unterbrochen: %2</translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="90"/>
        <source>Could not reconnect to %1: %2</source>
        <translation>Die Verbindung zu %1 konnte nicht wiederhergestellt werden: %2</translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="30"/>
        <source>Saving users</source>
        <translation>Speichern der Nutzer</translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="50"/>
        <source>Saving freelancer profiles</source>
        <translation>Speichern der Freelancer-Profile</translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="73"/>
        <source>Saving jobs</source>
        <translation>Speichern der Aufträge</translation>
    </message>
    <message>
        <location filename="../services/demo/democopysink.cpp" line="175"/>
        <location filename="../services/db/repositorymarket.cpp" line="92"/>
        <source>Row %1: the embedding is empty.</source>
        <translation>Zeile %1: Die Einbettung ist leer.</translation>
    </message>
    <message>
        <location filename="../services/demo/democopysink.cpp" line="176"/>
        <location filename="../services/db/repositorymarket.cpp" line="93"/>
        <source>The embedding</source>
        <translation>Die Einbettung</translation>
    </message>
    <message>
        <location filename="../services/demo/democopysink.cpp" line="177"/>
        <location filename="../services/db/repositorymarket.cpp" line="94"/>
        <location filename="../services/db/sqlbatch.h" line="31"/>
        <source>Row %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="101"/>
        <source>Saving embeddings</source>
        <translation>Speichern der Einbettungen</translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="122"/>
        <source>Saving matches</source>
        <translation>Speichern der Vorschläge</translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="151"/>
        <source>Saving match reviews</source>
        <translation>Speichern der Vorschlagsprüfungen</translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="174"/>
        <source>Saving bias reports</source>
        <translation>Speichern der Bias-Berichte</translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="197"/>
        <source>Saving audit attributes</source>
        <translation>Speichern der Audit-Attribute</translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="210"/>
        <source>Saving model versions</source>
        <translation>Speichern der Modellversionen</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="46"/>
        <location filename="../services/db/repositorysearch.cpp" line="100"/>
        <source>Loading memories</source>
        <translation>Laden der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="75"/>
        <source>Loading a memory</source>
        <translation>Laden einer Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="77"/>
        <source>Memory %1 does not exist.</source>
        <translation>Die Erinnerung %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="113"/>
        <source>Loading evaluations</source>
        <translation>Laden der Bewertungen</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="146"/>
        <source>Loading links</source>
        <translation>Laden der Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="170"/>
        <source>Loading archetype states</source>
        <translation>Laden der Archetyp-Zustände</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="194"/>
        <source>Loading archetype history</source>
        <translation>Laden des Archetyp-Verlaufs</translation>
    </message>
    <message>
        <location filename="../services/db/repositorysearch.cpp" line="19"/>
        <source>The search vector is empty.</source>
        <translation>Der Suchvektor ist leer.</translation>
    </message>
    <message>
        <location filename="../services/db/repositorysearch.cpp" line="20"/>
        <source>The search vector</source>
        <translation>Der Suchvektor</translation>
    </message>
    <message>
        <location filename="../services/db/repositorysearch.cpp" line="50"/>
        <source>Searching similar memories</source>
        <translation>Suche nach ähnlichen Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/db/repositorysearch.cpp" line="140"/>
        <source>Reading the role&apos;s privileges</source>
        <translation>Lesen der Rechte der Rolle</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="46"/>
        <source>Counting vectors</source>
        <translation>Zählen der Vektoren</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="57"/>
        <source>The database connection is not open.</source>
        <translation>Die Datenbankverbindung ist nicht geöffnet.</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="71"/>
        <location filename="../services/db/repositoryvectors.cpp" line="107"/>
        <source>Loading vectors failed: %1</source>
        <translation>Laden der Vektoren fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="109"/>
        <source>Loading vectors failed: the server sent rows Sextant cannot read.</source>
        <translation>Laden der Vektoren fehlgeschlagen: Der Server hat Zeilen gesendet, die Sextant nicht lesen kann.</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="111"/>
        <location filename="../services/db/repositoryvectors.cpp" line="135"/>
        <source>Loading vectors was cancelled.</source>
        <translation>Das Laden der Vektoren wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="69"/>
        <location filename="../services/db/repositoryvectors.cpp" line="105"/>
        <location filename="../services/db/repositoryvectors.cpp" line="126"/>
        <source>Loading vectors</source>
        <translation>Laden der Vektoren</translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="67"/>
        <source>Saving memories</source>
        <translation>Speichern der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="92"/>
        <source>Saving evaluations</source>
        <translation>Speichern der Bewertungen</translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="114"/>
        <source>Saving links</source>
        <translation>Speichern der Verknüpfungen</translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="127"/>
        <source>Saving archetype states</source>
        <translation>Speichern der Archetyp-Zustände</translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="143"/>
        <source>Saving archetype history</source>
        <translation>Speichern des Archetyp-Verlaufs</translation>
    </message>
</context>
<context>
    <name>ReviewCheatSheet</name>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="95"/>
        <source>Review Keys</source>
        <translation>Prüftasten</translation>
    </message>
</context>
<context>
    <name>ReviewConfig</name>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="43"/>
        <location filename="../services/review/reviewconfig.cpp" line="64"/>
        <source>Reading the role&apos;s privileges</source>
        <translation>Lesen der Rechte der Rolle</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="69"/>
        <source>Reading the role&apos;s privileges returned nothing.</source>
        <translation>Das Lesen der Rechte der Rolle hat nichts geliefert.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="83"/>
        <source>Reading the reason codes</source>
        <translation>Lesen der Begründungscodes</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="102"/>
        <source>A reason code is 1 to 40 lower-case letters, digits or underscores.</source>
        <translation>Ein Begründungscode besteht aus 1 bis 40 Kleinbuchstaben, Ziffern oder Unterstrichen.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="104"/>
        <source>A reason code needs a label.</source>
        <translation>Ein Begründungscode benötigt eine Bezeichnung.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="115"/>
        <source>Saving a reason code</source>
        <translation>Speichern eines Begründungscodes</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="138"/>
        <source>Reading the review settings</source>
        <translation>Lesen der Prüfeinstellungen</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="159"/>
        <source>The level-2 sample rate must be between 0 and 1.</source>
        <translation>Die Stichprobenquote für Stufe 2 muss zwischen 0 und 1 liegen.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="161"/>
        <source>The double-review share must be between 0 and 1.</source>
        <translation>Der Anteil der Doppelprüfungen muss zwischen 0 und 1 liegen.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="163"/>
        <source>A lease lasts from 1 to 480 minutes.</source>
        <translation>Eine Reservierung dauert 1 bis 480 Minuten.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="183"/>
        <source>Saving the review settings</source>
        <translation>Speichern der Prüfeinstellungen</translation>
    </message>
</context>
<context>
    <name>ReviewConflictDialog</name>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="19"/>
        <source>level %1</source>
        <translation>Stufe %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="32"/>
        <source>Decisions That No Longer Apply</source>
        <translation>Nicht mehr gültige Entscheidungen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewconflictdialog.cpp" line="48"/>
        <source>%n of your decisions could not be saved as made. Both decisions are shown; yours stays in the journal, nothing was dropped.</source>
        <translation>
            <numerusform>%n Ihrer Entscheidungen konnte nicht wie getroffen gespeichert werden. Beide Entscheidungen werden angezeigt; Ihre bleibt im Journal, es wurde nichts verworfen.</numerusform>
            <numerusform>%n Ihrer Entscheidungen konnten nicht wie getroffen gespeichert werden. Beide Entscheidungen werden angezeigt; Ihre bleibt im Journal, es wurde nichts verworfen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="54"/>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="54"/>
        <source>Your decision</source>
        <translation>Ihre Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="55"/>
        <source>The decision that stands</source>
        <translation>Die gültige Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="59"/>
        <source>&lt;i&gt;not known&lt;/i&gt;</source>
        <translation>&lt;i&gt;nicht bekannt&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>ReviewDecisionBar</name>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="21"/>
        <source>Decision note</source>
        <translation>Notiz zur Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="25"/>
        <source>Note (N to write, Enter to save)</source>
        <translation>Notiz (N zum Schreiben, Eingabe zum Speichern)</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="130"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="131"/>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="131"/>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="133"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="141"/>
        <source>&lt;i&gt;Choose a decision: A approve, R reject, F flag. ? shows every key.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Wählen Sie eine Entscheidung: A annehmen, R ablehnen, F markieren. ? zeigt alle Tasten.&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="150"/>
        <source>&lt;i&gt;No reasons configured for this decision.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Für diese Entscheidung sind keine Begründungen eingerichtet.&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="153"/>
        <source>&lt;i&gt;Press the reason&apos;s digit, then Enter.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Drücken Sie die Ziffer der Begründung, dann die Eingabetaste.&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="153"/>
        <source>&lt;i&gt;Enter saves the decision.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Die Eingabetaste speichert die Entscheidung.&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>ReviewFilterBar</name>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="27"/>
        <source>Has bias flag</source>
        <translation>Mit Bias-Markierung</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="30"/>
        <source>Any region</source>
        <translation>Beliebige Region</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="33"/>
        <source>Any category</source>
        <translation>Beliebige Kategorie</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="34"/>
        <source>Any version</source>
        <translation>Beliebige Version</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="36"/>
        <source>Any score</source>
        <translation>Beliebiger Score</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="37"/>
        <source>Score ≥ 0.8</source>
        <translation>Score ≥ 0,8</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="38"/>
        <source>Score 0.6 – 0.8</source>
        <translation>Score 0,6 – 0,8</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="39"/>
        <source>Score 0.4 – 0.6</source>
        <translation>Score 0,4 – 0,6</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="40"/>
        <source>Score &lt; 0.4</source>
        <translation>Score &lt; 0,4</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="122"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="125"/>
        <source>All</source>
        <translation>Alle</translation>
    </message>
</context>
<context>
    <name>ReviewItemView</name>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="79"/>
        <source>&lt;b&gt;Decisions so far&lt;/b&gt;</source>
        <translation>&lt;b&gt;Bisherige Entscheidungen&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="81"/>
        <source>&lt;b&gt;The job&apos;s other candidates&lt;/b&gt;</source>
        <translation>&lt;b&gt;Weitere Kandidaten des Auftrags&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="83"/>
        <source>&lt;b&gt;The freelancer&apos;s other proposals&lt;/b&gt;</source>
        <translation>&lt;b&gt;Weitere Vorschläge für den Freelancer&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="102"/>
        <source>Claim a batch (C) or pick an item in the queue.</source>
        <translation>Übernehmen Sie einen Stapel (C) oder wählen Sie einen Eintrag in der Warteschlange.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="107"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="112"/>
        <source>Bias review pending</source>
        <translation>Bias-Prüfung ausstehend</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="133"/>
        <source>Freelancer</source>
        <translation>Freelancer</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="156"/>
        <source>&lt;b&gt;Component&lt;/b&gt;</source>
        <translation>&lt;b&gt;Komponente&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="157"/>
        <source>&lt;b&gt;Value&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wert&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="158"/>
        <source>&lt;b&gt;Weight&lt;/b&gt;</source>
        <translation>&lt;b&gt;Gewicht&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="159"/>
        <source>&lt;b&gt;Adds&lt;/b&gt;</source>
        <translation>&lt;b&gt;Beitrag&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="175"/>
        <source>&lt;b&gt;Strengths&lt;/b&gt;</source>
        <translation>&lt;b&gt;Stärken&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="177"/>
        <source>&lt;b&gt;Gaps&lt;/b&gt;</source>
        <translation>&lt;b&gt;Lücken&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="201"/>
        <source>#%1 for this job · score %2 · confidence %3 · version %4 · %5</source>
        <translation>#%1 für diesen Auftrag · Score %2 · Konfidenz %3 · Version %4 · %5</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="209"/>
        <source>no stated level</source>
        <translation>keine Stufe angegeben</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="210"/>
        <source>budget %1</source>
        <translation>Budget %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="214"/>
        <source>&lt;i&gt;No required skills stated&lt;/i&gt;</source>
        <translation>&lt;i&gt;Keine erforderlichen Fähigkeiten angegeben&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="215"/>
        <source>&lt;b&gt;Needs:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Erfordert:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="220"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="221"/>
        <source>%1 per hour</source>
        <translation>%1 pro Stunde</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewitemview.cpp" line="222"/>
        <source>%n years of experience</source>
        <translation>
            <numerusform>%n Jahr Erfahrung</numerusform>
            <numerusform>%n Jahre Erfahrung</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="223"/>
        <source>%1 % success</source>
        <translation>%1 % Erfolg</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="246"/>
        <source>&lt;b&gt;Skills:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Fähigkeiten:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="253"/>
        <source>not stored</source>
        <translation>nicht gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="258"/>
        <location filename="../ui/review/reviewitemview.cpp" line="259"/>
        <source>none recorded</source>
        <translation>keine erfasst</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="263"/>
        <source>Level %1 · %2: &lt;b style=&quot;color:%3&quot;&gt;%4&lt;/b&gt;</source>
        <translation>Stufe %1 · %2: &lt;b style=&quot;color:%3&quot;&gt;%4&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="276"/>
        <location filename="../ui/review/reviewitemview.cpp" line="277"/>
        <source>&lt;i&gt;loading…&lt;/i&gt;</source>
        <translation>&lt;i&gt;wird geladen…&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="303"/>
        <source>no other candidates</source>
        <translation>keine weiteren Kandidaten</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="308"/>
        <source>no other proposals</source>
        <translation>keine weiteren Vorschläge</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="310"/>
        <source>and more</source>
        <translation>und weitere</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="327"/>
        <source>not available: %1</source>
        <translation>nicht verfügbar: %1</translation>
    </message>
</context>
<context>
    <name>ReviewKeys</name>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="77"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="14"/>
        <location filename="../ui/review/reviewkeys.cpp" line="77"/>
        <source>Approve the match</source>
        <translation>Den Vorschlag annehmen</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="78"/>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="16"/>
        <location filename="../ui/review/reviewkeys.cpp" line="78"/>
        <source>Reject the match</source>
        <translation>Den Vorschlag ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="79"/>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="18"/>
        <location filename="../ui/review/reviewkeys.cpp" line="79"/>
        <source>Flag it for level 2</source>
        <translation>Für Stufe 2 markieren</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="80"/>
        <source>1 – 9</source>
        <translation>1 – 9</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="80"/>
        <source>Reason for the chosen decision</source>
        <translation>Begründung für die gewählte Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="81"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="30"/>
        <location filename="../ui/review/reviewkeys.cpp" line="81"/>
        <source>Write a note (Enter saves, Esc returns)</source>
        <translation>Eine Notiz schreiben (Eingabe speichert, Esc kehrt zurück)</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="21"/>
        <source>Reason %1 for the chosen decision</source>
        <translation>Grund %1 für die gewählte Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="24"/>
        <source>Next item</source>
        <translation>Nächster Eintrag</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="25"/>
        <source>Previous item</source>
        <translation>Vorheriger Eintrag</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="32"/>
        <source>Show or hide the sheet of review keys</source>
        <translation>Übersicht der Prüfungstasten ein- oder ausblenden</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="82"/>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="82"/>
        <source>Confirm: save the decision and go to the next item</source>
        <translation>Bestätigen: die Entscheidung speichern und zum nächsten Eintrag gehen</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="83"/>
        <source>J / K</source>
        <translation>J / K</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="83"/>
        <source>Next / previous item</source>
        <translation>Nächster / vorheriger Eintrag</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="84"/>
        <source>Shift+↓ / Shift+↑</source>
        <translation>Umschalt+↓ / Umschalt+↑</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="84"/>
        <source>Extend the selection: Enter then decides every selected item</source>
        <translation>Auswahl erweitern: Eingabe entscheidet dann über jeden ausgewählten Eintrag</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="85"/>
        <source>U</source>
        <translation>U</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="26"/>
        <location filename="../ui/review/reviewkeys.cpp" line="85"/>
        <source>Undo your last decision (a new record supersedes it)</source>
        <translation>Ihre letzte Entscheidung rückgängig machen (ein neuer Datensatz ersetzt sie)</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="86"/>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="28"/>
        <location filename="../ui/review/reviewkeys.cpp" line="86"/>
        <source>Claim the next batch of items</source>
        <translation>Den nächsten Stapel von Einträgen übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="87"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="31"/>
        <location filename="../ui/review/reviewkeys.cpp" line="87"/>
        <source>Clear the chosen decision</source>
        <translation>Die gewählte Entscheidung zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="88"/>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="88"/>
        <source>Show or hide this sheet</source>
        <translation>Diese Übersicht ein- oder ausblenden</translation>
    </message>
</context>
<context>
    <name>ReviewLeases</name>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="55"/>
        <source>Finding free review items</source>
        <translation>Suchen freier Prüfeinträge</translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="87"/>
        <source>Locking review items</source>
        <translation>Sperren von Prüfeinträgen</translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="112"/>
        <source>Taking over expired leases</source>
        <translation>Übernehmen abgelaufener Reservierungen</translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="126"/>
        <source>Claiming review items</source>
        <translation>Übernehmen von Prüfeinträgen</translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="155"/>
        <location filename="../services/review/reviewleases.cpp" line="166"/>
        <source>Reading double-review assignments</source>
        <translation>Lesen der Zuweisungen für Doppelprüfungen</translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="197"/>
        <source>Assigning a double review</source>
        <translation>Zuweisen einer Doppelprüfung</translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="214"/>
        <source>A claim takes 1 to %1 items.</source>
        <translation>Eine Übernahme umfasst 1 bis %1 Einträge.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="216"/>
        <source>The review level is 1 or 2.</source>
        <translation>Die Prüfstufe ist 1 oder 2.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="218"/>
        <source>A claim needs the reviewer&apos;s name.</source>
        <translation>Eine Übernahme benötigt den Namen des Prüfers.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="266"/>
        <source>Releasing leases</source>
        <translation>Freigeben von Reservierungen</translation>
    </message>
</context>
<context>
    <name>ReviewOutbox</name>
    <message>
        <location filename="../services/review/reviewoutbox.cpp" line="103"/>
        <source>The database refused this decision: %1</source>
        <translation>Die Datenbank hat diese Entscheidung abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="42"/>
        <source>Release All Leases</source>
        <translation>Alle Reservierungen freigeben</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="44"/>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="50"/>
        <source>Level 1</source>
        <translation>Stufe 1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="51"/>
        <source>Level 2</source>
        <translation>Stufe 2</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="52"/>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="57"/>
        <source>Claim Next Batch (C)</source>
        <translation>Nächsten Stapel übernehmen (C)</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="61"/>
        <source>Keys (?)</source>
        <translation>Tasten (?)</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="66"/>
        <source>Return every reviewer&apos;s claimed items to the queue (admins only)</source>
        <translation>Die reservierten Einträge aller Prüfer in die Warteschlange zurückgeben (nur Administratoren)</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="70"/>
        <source>Every lease was released; the items are back in the queue.</source>
        <translation>Alle Reservierungen wurden freigegeben; die Einträge sind wieder in der Warteschlange.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="71"/>
        <source>The leases were not released: %1</source>
        <translation>Die Reservierungen wurden nicht freigegeben: %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="137"/>
        <source>Review queue</source>
        <translation>Prüfwarteschlange</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="193"/>
        <source>There is no reason %1 for this decision.</source>
        <translation>Für diese Entscheidung gibt es keine Begründung %1.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="194"/>
        <source>Choose a decision first: A, R or F.</source>
        <translation>Wählen Sie zuerst eine Entscheidung: A, R oder F.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="230"/>
        <source>Your role could not be read: %1</source>
        <translation>Ihre Rolle konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="236"/>
        <source>Deciding as %1</source>
        <translation>Entscheidung als %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="245"/>
        <source>Your role may read level 2 but not decide there.</source>
        <translation>Ihre Rolle darf Stufe 2 lesen, dort aber nicht entscheiden.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="246"/>
        <source>Your role may read the queue but not decide.</source>
        <translation>Ihre Rolle darf die Warteschlange lesen, aber nicht entscheiden.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="255"/>
        <source>The reason codes could not be read: %1</source>
        <translation>Die Begründungscodes konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="303"/>
        <source>Loading the queue…</source>
        <translation>Warteschlange wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="319"/>
        <source>Nothing waits for level 2 under these filters.</source>
        <translation>Mit diesen Filtern wartet nichts auf Stufe 2.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="320"/>
        <source>No item under these filters. Claim a batch (C) or change the filters.</source>
        <translation>Kein Eintrag mit diesen Filtern. Übernehmen Sie einen Stapel (C) oder ändern Sie die Filter.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="372"/>
        <source>This is the last item under these filters.</source>
        <translation>Dies ist der letzte Eintrag mit diesen Filtern.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="372"/>
        <source>This is the first item.</source>
        <translation>Dies ist der erste Eintrag.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="408"/>
        <source>Choose a decision first: A approve, R reject, F flag.</source>
        <translation>Wählen Sie zuerst eine Entscheidung: A annehmen, R ablehnen, F markieren.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="412"/>
        <source>Choose a reason with its digit first.</source>
        <translation>Wählen Sie zuerst eine Begründung mit ihrer Ziffer.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="428"/>
        <source>The decision was not recorded: %1</source>
        <translation>Die Entscheidung wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="440"/>
        <source>%1: %2 — U undoes it.</source>
        <translation>%1: %2 — U macht dies rückgängig.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="450"/>
        <source>Decide %n Items</source>
        <translation>
            <numerusform>Über %n Eintrag entscheiden</numerusform>
            <numerusform>Über %n Einträge entscheiden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="451"/>
        <source>%1 all %n selected items?</source>
        <translation>
            <numerusform>%1: den %n ausgewählten Eintrag?</numerusform>
            <numerusform>%1: alle %n ausgewählten Einträge?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="454"/>
        <source>Reason: %1</source>
        <translation>Begründung: %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="464"/>
        <source>The decisions were not recorded: %1</source>
        <translation>Die Entscheidungen wurden nicht gespeichert: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="476"/>
        <source>%n items decided — U undoes them all.</source>
        <translation>
            <numerusform>%n Eintrag entschieden — U macht dies rückgängig.</numerusform>
            <numerusform>%n Einträge entschieden — U macht alle rückgängig.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="485"/>
        <source>Nothing to undo.</source>
        <translation>Nichts rückgängig zu machen.</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="503"/>
        <source>The decision could not be undone: %1</source>
        <translation>Die Entscheidung konnte nicht rückgängig gemacht werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="506"/>
        <source>%n decisions undone; the records that undo them are kept.</source>
        <translation>
            <numerusform>%n Entscheidung rückgängig gemacht; die Datensätze der Rücknahme bleiben erhalten.</numerusform>
            <numerusform>%n Entscheidungen rückgängig gemacht; die Datensätze der Rücknahme bleiben erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="519"/>
        <source>Claiming…</source>
        <translation>Wird übernommen…</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="522"/>
        <source>No batch was claimed: %1</source>
        <translation>Es wurde kein Stapel übernommen: %1</translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="526"/>
        <source>Nothing left to claim at this level.</source>
        <translation>Auf dieser Stufe gibt es nichts mehr zu übernehmen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="527"/>
        <source>Claimed %n items; they are yours until the lease ends.</source>
        <translation>
            <numerusform>%n Eintrag übernommen; er ist Ihnen bis zum Ende der Reservierung zugeteilt.</numerusform>
            <numerusform>%n Einträge übernommen; sie sind Ihnen bis zum Ende der Reservierung zugeteilt.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="539"/>
        <source>All decisions saved</source>
        <translation>Alle Entscheidungen gespeichert</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="539"/>
        <source>%n decisions waiting to be saved</source>
        <translation>
            <numerusform>%n Entscheidung wartet auf das Speichern</numerusform>
            <numerusform>%n Entscheidungen warten auf das Speichern</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewQueries</name>
    <message>
        <location filename="../services/review/reviewqueries.cpp" line="176"/>
        <location filename="../services/review/reviewqueries.cpp" line="337"/>
        <source>Reading match reviews</source>
        <translation>Lesen der Vorschlagsprüfungen</translation>
    </message>
    <message>
        <location filename="../services/review/reviewqueries.cpp" line="222"/>
        <source>Reading the review queue</source>
        <translation>Lesen der Prüfwarteschlange</translation>
    </message>
    <message>
        <location filename="../services/review/reviewqueries.cpp" line="249"/>
        <source>Reading review items</source>
        <translation>Lesen der Prüfeinträge</translation>
    </message>
    <message>
        <location filename="../services/review/reviewqueries.cpp" line="284"/>
        <location filename="../services/review/reviewqueries.cpp" line="319"/>
        <source>Counting the review queue</source>
        <translation>Zählen der Prüfwarteschlange</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="23"/>
        <source>Unreviewed</source>
        <translation>Ungeprüft</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="25"/>
        <source>Mine</source>
        <translation>Meine</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="27"/>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="29"/>
        <source>Waiting for level 2</source>
        <translation>Wartet auf Stufe 2</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="31"/>
        <source>Decided</source>
        <translation>Entschieden</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="40"/>
        <source>Approve</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="42"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="44"/>
        <source>Flag</source>
        <translation>Markieren</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="304"/>
        <source>%1 — a bias report on this job is waiting for review</source>
        <translation>%1 — ein Bias-Bericht zu diesem Auftrag wartet auf Prüfung</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="329"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="330"/>
        <source>%1 +%2</source>
        <translation>%1 +%2</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="352"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="354"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="356"/>
        <source>Freelancer</source>
        <translation>Freelancer</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="358"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="360"/>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="362"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="364"/>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="366"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="368"/>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="370"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
</context>
<context>
    <name>ReviewService</name>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="157"/>
        <source>Only an administrator can release everyone&apos;s leases.</source>
        <translation>Nur ein Administrator kann die Reservierungen aller freigeben.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="214"/>
        <source>No workspace is open, so there is nowhere to record the decision.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet, daher kann die Entscheidung nirgends gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="229"/>
        <source>A decision needs a proposal, a level of 1 or 2 and a note of at most %1 characters.</source>
        <translation>Eine Entscheidung benötigt einen Vorschlag, eine Stufe von 1 oder 2 und eine Notiz mit höchstens %1 Zeichen.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="252"/>
        <source>There is no decision to undo.</source>
        <translation>Es gibt keine Entscheidung, die rückgängig gemacht werden kann.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="264"/>
        <source>An undo cannot itself be undone; decide again instead.</source>
        <translation>Eine Rücknahme kann nicht selbst rückgängig gemacht werden; entscheiden Sie stattdessen erneut.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="300"/>
        <source>The reason “%1” is not one for this decision.</source>
        <translation>Der Grund „%1“ passt nicht zu dieser Entscheidung.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="301"/>
        <source>“%1” is not in this workspace&apos;s list of reasons.</source>
        <translation>„%1“ ist nicht in der Liste der Gründe dieses Arbeitsbereichs.</translation>
    </message>
</context>
<context>
    <name>ReviewStore</name>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="48"/>
        <source>Reading the item&apos;s reviews</source>
        <translation>Lesen der Prüfungen des Eintrags</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="58"/>
        <source>Reading the item&apos;s reviews returned nothing.</source>
        <translation>Das Lesen der Prüfungen des Eintrags hat nichts geliefert.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="67"/>
        <location filename="../services/review/reviewstore.cpp" line="140"/>
        <source>Reading match reviews</source>
        <translation>Lesen der Vorschlagsprüfungen</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="115"/>
        <source>Saving a match review</source>
        <translation>Speichern einer Vorschlagsprüfung</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="168"/>
        <source>Routing an item to level 2</source>
        <translation>Weiterleiten eines Eintrags an Stufe 2</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="196"/>
        <source>This decision was already undone.</source>
        <translation>Diese Entscheidung wurde bereits rückgängig gemacht.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="204"/>
        <source>%1 decided this item at level 2 meanwhile; that decision is final.</source>
        <translation>%1 hat inzwischen auf Stufe 2 über diesen Eintrag entschieden; diese Entscheidung ist endgültig.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="210"/>
        <source>%1 holds this item now: your lease ran out and was taken over.</source>
        <translation>%1 bearbeitet diesen Eintrag jetzt: Ihre Reservierung ist abgelaufen und wurde übernommen.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="217"/>
        <source>%1 decided this item meanwhile: your lease ran out and was taken over.</source>
        <translation>%1 hat inzwischen über diesen Eintrag entschieden: Ihre Reservierung ist abgelaufen und wurde übernommen.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="238"/>
        <source>Reading the reason codes</source>
        <translation>Lesen der Begründungscodes</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="244"/>
        <source>“%1” is not in this workspace&apos;s list of reasons.</source>
        <translation>„%1“ ist nicht in der Liste der Gründe dieses Arbeitsbereichs.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="247"/>
        <source>The reason “%1” belongs to another kind of decision.</source>
        <translation>Der Grund „%1“ gehört zu einer anderen Art von Entscheidung.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="290"/>
        <source>A review needs its id and its reviewer.</source>
        <translation>Eine Prüfung benötigt ihre ID und ihren Prüfer.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="292"/>
        <source>A review needs the proposal it decides and a level of 1 or 2.</source>
        <translation>Eine Prüfung benötigt den Vorschlag, über den sie entscheidet, und eine Stufe von 1 oder 2.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="294"/>
        <source>A review note holds at most %1 characters.</source>
        <translation>Eine Prüfnotiz umfasst höchstens %1 Zeichen.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="310"/>
        <source>The decision to undo was never saved.</source>
        <translation>Die rückgängig zu machende Entscheidung wurde nie gespeichert.</translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="354"/>
        <source>Releasing a lease</source>
        <translation>Freigeben einer Reservierung</translation>
    </message>
</context>
<context>
    <name>ReviewerStatsModel</name>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="145"/>
        <location filename="../models/review/agreementmodels.cpp" line="151"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="163"/>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="165"/>
        <source>Decisions</source>
        <translation>Entscheidungen</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="167"/>
        <source>Per hour</source>
        <translation>Pro Stunde</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="169"/>
        <source>Approved</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="171"/>
        <source>Seen by level 2</source>
        <translation>Von Stufe 2 gesehen</translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="173"/>
        <source>Level 2 agreed</source>
        <translation>Stufe 2 stimmte zu</translation>
    </message>
</context>
<context>
    <name>ReweightBatch</name>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="45"/>
        <source>Finding the next memories</source>
        <translation>Suchen der nächsten Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="97"/>
        <location filename="../services/archetypes/reweightbatch.cpp" line="151"/>
        <location filename="../services/archetypes/reweightbatch.cpp" line="171"/>
        <source>Recording the application of the strategy</source>
        <translation>Protokollieren der Anwendung der Strategie</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="132"/>
        <source>Recording the previous priorities</source>
        <translation>Protokollieren der bisherigen Prioritäten</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="145"/>
        <source>Writing the new priorities</source>
        <translation>Schreiben der neuen Prioritäten</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="193"/>
        <location filename="../services/archetypes/reweightbatch.cpp" line="204"/>
        <location filename="../services/archetypes/reweightbatch.cpp" line="215"/>
        <source>Reading the batch</source>
        <translation>Lesen des Batches</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="207"/>
        <source>The strategy “%1” was applied after this one (batch %2); undo it first.</source>
        <translation>Die Strategie „%1“ wurde nach dieser angewendet (Batch %2); machen Sie sie zuerst rückgängig.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="218"/>
        <source>The batch %1 did not apply a weighting strategy; restore it from the memory history instead.</source>
        <translation>Batch %1 hat keine Gewichtungsstrategie angewendet; stellen Sie ihn stattdessen aus dem Erinnerungsverlauf wieder her.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="220"/>
        <source>There is no batch %1.</source>
        <translation>Es gibt keinen Batch %1.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="254"/>
        <source>Restoring the priorities</source>
        <translation>Wiederherstellen der Prioritäten</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="264"/>
        <source>Marking the batch restored</source>
        <translation>Markieren des Batches als wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="288"/>
        <source>Recording the undo</source>
        <translation>Protokollieren des Rückgängigmachens</translation>
    </message>
</context>
<context>
    <name>SchemaNamesEdit</name>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="39"/>
        <source>Lower-case letters a-z, digits and _, starting with a letter or _, at most 63 characters; empty for the default name.</source>
        <translation>Kleinbuchstaben a–z, Ziffern und _, beginnend mit einem Buchstaben oder _, höchstens 63 Zeichen; leer für den Standardnamen.</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="45"/>
        <source>EUMAS:</source>
        <translation>EUMAS:</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="47"/>
        <source>8thDegree auth:</source>
        <translation>8thDegree-Auth:</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="49"/>
        <source>8thDegree core:</source>
        <translation>8thDegree-Core:</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="51"/>
        <source>8thDegree AI:</source>
        <translation>8thDegree-AI:</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="56"/>
        <source>Schemas</source>
        <translation>Schemas</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="103"/>
        <source>This is a Supabase project and the 8thDegree auth schema is still called auth, which Supabase uses itself: rename it, for example to app_auth.</source>
        <translation>Dies ist ein Supabase-Projekt, und das 8thDegree-Auth-Schema heißt noch auth – diesen Namen verwendet Supabase selbst: Benennen Sie es um, zum Beispiel in app_auth.</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="105"/>
        <source>On Supabase, the project already has its own auth.users table: give the 8thDegree auth schema another name, such as app_auth.</source>
        <translation>Auf Supabase hat das Projekt bereits eine eigene Tabelle auth.users: Geben Sie dem 8thDegree-Auth-Schema einen anderen Namen, etwa app_auth.</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="113"/>
        <source>EUMAS</source>
        <translation>EUMAS</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="113"/>
        <source>8thDegree auth</source>
        <translation>8thDegree auth</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="114"/>
        <source>8thDegree core</source>
        <translation>8thDegree core</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="114"/>
        <source>8thDegree AI</source>
        <translation>8thDegree AI</translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="118"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>ScoreHistogram</name>
    <message>
        <location filename="../ui/archetypes/scorehistogram.cpp" line="156"/>
        <source>No values</source>
        <translation>Keine Werte</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <location filename="../services/core/secretstore.cpp" line="86"/>
        <location filename="../services/core/secretstore.cpp" line="94"/>
        <source>No password is stored for %1.</source>
        <translation>Für %1 ist kein Passwort gespeichert.</translation>
    </message>
    <message>
        <location filename="../services/core/secretstore.cpp" line="89"/>
        <source>The keychain refused to read the password: %1</source>
        <translation>Der Schlüsselbund hat das Lesen des Passworts verweigert: %1</translation>
    </message>
    <message>
        <location filename="../services/core/secretstore.cpp" line="106"/>
        <source>The keychain refused to store the password: %1</source>
        <translation>Der Schlüsselbund hat das Speichern des Passworts verweigert: %1</translation>
    </message>
    <message>
        <location filename="../services/core/secretstore.cpp" line="121"/>
        <source>The keychain refused to remove the password: %1</source>
        <translation>Der Schlüsselbund hat das Entfernen des Passworts verweigert: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="26"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="29"/>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="30"/>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="33"/>
        <source>AI Endpoint</source>
        <translation>KI-Endpunkt</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="51"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="53"/>
        <source>English</source>
        <extracomment>Language names are shown in their own language so that people can find theirs in any UI language.</extracomment>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="55"/>
        <source>Deutsch</source>
        <extracomment>Language names are shown in their own language so that people can find theirs in any UI language.</extracomment>
        <translation>Deutsch</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="59"/>
        <source>Takes effect after restart.</source>
        <translation>Wirkt nach einem Neustart.</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="63"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="75"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="88"/>
        <source> rows</source>
        <translation> Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="89"/>
        <source>How many memories the grid loads at a time while you scroll.</source>
        <translation>Wie viele Erinnerungen die Tabelle beim Scrollen jeweils auf einmal lädt.</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="92"/>
        <source>Demo workspace file:</source>
        <translation>Datei des Demo-Arbeitsbereichs:</translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="93"/>
        <source>Memories &amp;page size:</source>
        <translation>Erinnerungen pro &amp;Seite:</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="43"/>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="70"/>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="71"/>
        <source>Filter by action or key</source>
        <translation>Nach Aktion oder Taste filtern</translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="75"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="75"/>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="81"/>
        <source>Letter keys without a modifier work only while their page has the focus.</source>
        <translation>Buchstabentasten ohne Umschalt-, Strg- oder Alt-Taste wirken nur, solange ihre Seite den Fokus hat.</translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="168"/>
        <source>Not available at the moment</source>
        <translation>Derzeit nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>SqlSchemas</name>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="77"/>
        <source>Use lower-case letters a-z, digits and _, starting with a letter or _, at most 63 characters.</source>
        <translation>Verwenden Sie Kleinbuchstaben a–z, Ziffern und _, beginnend mit einem Buchstaben oder _, höchstens 63 Zeichen.</translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="79"/>
        <source>The name is empty. %1</source>
        <translation>Der Name ist leer. %1</translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="81"/>
        <source>&quot;%1&quot; is not allowed. %2</source>
        <translation>„%1“ ist nicht erlaubt. %2</translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="83"/>
        <source>The name has %1 characters; PostgreSQL keeps only 63. %2</source>
        <translation>Der Name hat %1 Zeichen; PostgreSQL behält nur 63. %2</translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="85"/>
        <source>Names starting with pg_ are reserved for PostgreSQL&apos;s own schemas.</source>
        <translation>Namen, die mit pg_ beginnen, sind den eigenen Schemata von PostgreSQL vorbehalten.</translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="92"/>
        <source>EUMAS schema</source>
        <translation>EUMAS-Schema</translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="93"/>
        <source>8thDegree auth schema</source>
        <translation>8thDegree-Schema auth</translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="94"/>
        <source>8thDegree core schema</source>
        <translation>8thDegree-Schema core</translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="95"/>
        <source>8thDegree AI schema</source>
        <translation>8thDegree-Schema AI</translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="99"/>
        <source>%1: %2 Nothing was changed.</source>
        <translation>%1: %2 Es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>SqliteWorkspace</name>
    <message>
        <location filename="../services/db/sqliteworkspace.cpp" line="34"/>
        <source>%1 is an SQLite database of another program, not a Sextant workspace. Nothing was changed.</source>
        <translation>%1 ist eine SQLite-Datenbank eines anderen Programms, kein Sextant-Arbeitsbereich. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../services/db/sqliteworkspace.cpp" line="42"/>
        <source>The workspace file %1 does not exist.</source>
        <translation>Die Arbeitsbereichsdatei %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../services/db/sqliteworkspace.cpp" line="50"/>
        <source>Could not open the workspace file %1: %2</source>
        <translation>Die Arbeitsbereichsdatei %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../services/db/sqliteworkspace.cpp" line="24"/>
        <location filename="../services/db/sqliteworkspace.cpp" line="59"/>
        <location filename="../services/db/sqliteworkspace.cpp" line="70"/>
        <source>%1 is not a Sextant workspace or is damaged: %2</source>
        <translation>%1 ist kein Sextant-Arbeitsbereich oder beschädigt: %2</translation>
    </message>
</context>
<context>
    <name>StallWatchdog</name>
    <message>
        <location filename="../services/db/stallwatchdog.cpp" line="144"/>
        <source>Cancelled. The server did not stop the statement in time, so Sextant closed the connection; the unfinished step was not saved, and Sextant reconnects by itself.</source>
        <translation>Abgebrochen. Der Server hat die Anweisung nicht rechtzeitig gestoppt, daher hat Sextant die Verbindung geschlossen; der unfertige Schritt wurde nicht gespeichert, und Sextant verbindet sich selbst neu.</translation>
    </message>
    <message>
        <location filename="../services/db/stallwatchdog.cpp" line="146"/>
        <source>Cancelled. The server stopped the statement; the unfinished step was not saved.</source>
        <translation>Abgebrochen. Der Server hat die Anweisung gestoppt; der unfertige Schritt wurde nicht gespeichert.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/db/stallwatchdog.cpp" line="288"/>
        <source>The server has not answered for %n s and a second connection could not reach it either, so Sextant closed this connection.</source>
        <translation>
            <numerusform>Der Server hat seit %n s nicht geantwortet, und auch eine zweite Verbindung erreichte ihn nicht, daher hat Sextant diese Verbindung geschlossen.</numerusform>
            <numerusform>Der Server hat seit %n s nicht geantwortet, und auch eine zweite Verbindung erreichte ihn nicht, daher hat Sextant diese Verbindung geschlossen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/db/stallwatchdog.cpp" line="291"/>
        <source>The server has not answered for %n s and a second connection found it was no longer working on this step, so Sextant closed this connection.</source>
        <translation>
            <numerusform>Der Server hat seit %n s nicht geantwortet, und eine zweite Verbindung stellte fest, dass er nicht mehr an diesem Schritt arbeitete, daher hat Sextant diese Verbindung geschlossen.</numerusform>
            <numerusform>Der Server hat seit %n s nicht geantwortet, und eine zweite Verbindung stellte fest, dass er nicht mehr an diesem Schritt arbeitete, daher hat Sextant diese Verbindung geschlossen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StartupPage</name>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="16"/>
        <source>Preparing the workspace</source>
        <translation>Arbeitsbereich wird vorbereitet</translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="17"/>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="20"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="21"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="97"/>
        <source>The workspace could not be opened</source>
        <translation>Der Arbeitsbereich konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="101"/>
        <source>No reason was given.</source>
        <translation>Es wurde kein Grund angegeben.</translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="113"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>StrategyEditor</name>
    <message>
        <location filename="../ui/archetypes/strategyeditor.cpp" line="21"/>
        <location filename="../ui/archetypes/strategyeditor.cpp" line="22"/>
        <source>Name of the strategy</source>
        <translation>Name der Strategie</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategyeditor.cpp" line="104"/>
        <source>The weights add up to %1.</source>
        <translation>Die Gewichte ergeben zusammen %1.</translation>
    </message>
</context>
<context>
    <name>StrategyListModel</name>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="37"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="60"/>
        <source>%1 (built in)</source>
        <translation>%1 (integriert)</translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="64"/>
        <source>applied</source>
        <translation>angewendet</translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="67"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="89"/>
        <source>The stored priorities were last computed with this strategy</source>
        <translation>Die gespeicherten Prioritäten wurden zuletzt mit dieser Strategie berechnet</translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="101"/>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="103"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="105"/>
        <source>In use</source>
        <translation>In Verwendung</translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="107"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>StrategyPreviewer</name>
    <message>
        <location filename="../services/archetypes/strategypreview.cpp" line="38"/>
        <source>The preview was cancelled.</source>
        <translation>Die Vorschau wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>StrategyService</name>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="24"/>
        <source>The strategy service was closed.</source>
        <translation>Der Strategiedienst wurde beendet.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="34"/>
        <source>Counting the memories</source>
        <translation>Zählen der Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="108"/>
        <source>Preview of the strategy %1</source>
        <translation>Vorschau der Strategie %1</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="124"/>
        <source>Applying the strategy %1</source>
        <translation>Anwenden der Strategie %1</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="146"/>
        <source>Undoing a strategy</source>
        <translation>Rückgängigmachen einer Strategie</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="181"/>
        <source>Searching by meaning needs an embedder; set up the AI endpoint first.</source>
        <translation>Die Suche nach Bedeutung erfordert einen Embedder; richten Sie zuerst den KI-Endpunkt ein.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="182"/>
        <source>Type something to search for.</source>
        <translation>Geben Sie einen Suchbegriff ein.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="196"/>
        <source>The embedder returned no vector.</source>
        <translation>Der Embedder hat keinen Vektor zurückgegeben.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="222"/>
        <source>Reading every memory&apos;s priority</source>
        <translation>Lesen der Priorität jeder Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="235"/>
        <source>The preview was cancelled.</source>
        <translation>Die Vorschau wurde abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="236"/>
        <source>Ranking %n memories both ways</source>
        <translation>
            <numerusform>Ordnen von %n Erinnerung auf beide Arten</numerusform>
            <numerusform>Ordnen von %n Erinnerungen auf beide Arten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="244"/>
        <source>Explaining the moves</source>
        <translation>Erklären der Verschiebungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="286"/>
        <source>Recomputing the priorities</source>
        <translation>Neuberechnen der Prioritäten</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="305"/>
        <source>Recomputed %n priorities</source>
        <translation>
            <numerusform>%n Priorität neu berechnet</numerusform>
            <numerusform>%n Prioritäten neu berechnet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="318"/>
        <source>%1 The apply stopped after %n priorities; undo batch %2 to restore them.</source>
        <translation>
            <numerusform>%1 Die Anwendung brach nach %n Priorität ab; machen Sie Batch %2 rückgängig, um sie wiederherzustellen.</numerusform>
            <numerusform>%1 Die Anwendung brach nach %n Prioritäten ab; machen Sie Batch %2 rückgängig, um sie wiederherzustellen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="325"/>
        <source>The apply was cancelled after %n priorities; undo batch %1 to restore them.</source>
        <translation>
            <numerusform>Die Anwendung wurde nach %n Priorität abgebrochen; machen Sie Batch %1 rückgängig, um sie wiederherzustellen.</numerusform>
            <numerusform>Die Anwendung wurde nach %n Prioritäten abgebrochen; machen Sie Batch %1 rückgängig, um sie wiederherzustellen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="350"/>
        <source>Restoring the priorities</source>
        <translation>Wiederherstellen der Prioritäten</translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="381"/>
        <source>The undo was cancelled after %n priorities; undo again to restore the rest.</source>
        <translation>
            <numerusform>Das Rückgängigmachen wurde nach %n Priorität abgebrochen; wählen Sie erneut Rückgängig, um den Rest wiederherzustellen.</numerusform>
            <numerusform>Das Rückgängigmachen wurde nach %n Prioritäten abgebrochen; wählen Sie erneut Rückgängig, um den Rest wiederherzustellen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StrategySimulation</name>
    <message>
        <location filename="../services/archetypes/strategysimulation.cpp" line="27"/>
        <source>Type a word to search for.</source>
        <translation>Geben Sie ein Suchwort ein.</translation>
    </message>
</context>
<context>
    <name>StrategySimulator</name>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="57"/>
        <source>By meaning</source>
        <translation>Nach Bedeutung</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="58"/>
        <source>Simulate</source>
        <translation>Simulieren</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="59"/>
        <source>Under the edited strategy</source>
        <translation>Unter der bearbeiteten Strategie</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="65"/>
        <source>Simulator search</source>
        <translation>Suche im Simulator</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="66"/>
        <source>Words to search for, or a sentence to search by meaning</source>
        <translation>Suchwörter oder ein Satz für die Suche nach Bedeutung</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="68"/>
        <source>Search by the embeddings&apos; nearest neighbours instead of the words</source>
        <translation>Nach den nächsten Nachbarn der Embeddings statt nach den Wörtern suchen</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="78"/>
        <source>Ranked today</source>
        <translation>Heutige Rangfolge</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="90"/>
        <source>Ranked by the strategy</source>
        <translation>Nach der Strategie gerankt</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="115"/>
        <source>Type what to search for first.</source>
        <translation>Geben Sie zuerst ein, wonach gesucht werden soll.</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="127"/>
        <source>Under “%1”</source>
        <translation>Unter „%1“</translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="136"/>
        <source>Could not simulate: %1</source>
        <translation>Simulation fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>StrategyStore</name>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="50"/>
        <source>Reading the strategy</source>
        <translation>Lesen der Strategie</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="91"/>
        <source>Reading the strategy applications</source>
        <translation>Lesen der Strategieanwendungen</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="140"/>
        <source>Reading the weighting strategies</source>
        <translation>Lesen der Gewichtungsstrategien</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="167"/>
        <source>The default strategy cannot be changed; save the weights under a new name instead.</source>
        <translation>Die Standardstrategie kann nicht geändert werden; speichern Sie die Gewichte stattdessen unter einem neuen Namen.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="179"/>
        <source>Checking the strategy&apos;s name</source>
        <translation>Prüfen des Strategienamens</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="181"/>
        <source>There is already a strategy called “%1”.</source>
        <translation>Es gibt bereits eine Strategie namens „%1“.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="213"/>
        <source>Saving the strategy</source>
        <translation>Speichern der Strategie</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="233"/>
        <source>The default strategy cannot be removed.</source>
        <translation>Die Standardstrategie kann nicht entfernt werden.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="241"/>
        <source>That strategy no longer exists.</source>
        <translation>Diese Strategie existiert nicht mehr.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="247"/>
        <source>Removing the strategy</source>
        <translation>Entfernen der Strategie</translation>
    </message>
</context>
<context>
    <name>SuggestionView</name>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="28"/>
        <source>Suggested weights</source>
        <translation>Vorgeschlagene Gewichte</translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="29"/>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="29"/>
        <source>Coefficient</source>
        <translation>Koeffizient</translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="29"/>
        <source>Std. error</source>
        <translation>Std.-Fehler</translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="29"/>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="45"/>
        <source>Suggest weights fits approve against reject on the reviewed proposals&apos; components and saves the result as a draft version.</source>
        <translation>„Gewichte vorschlagen“ passt Annahme gegen Ablehnung an die Komponenten der geprüften Vorschläge an und speichert das Ergebnis als Entwurfsversion.</translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="63"/>
        <source>Within two standard errors of 0: the reviews do not tell this effect from none</source>
        <translation>Innerhalb von zwei Standardfehlern um 0: Die Prüfungen unterscheiden diesen Effekt nicht von keinem Effekt</translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="65"/>
        <source>± %1</source>
        <translation>± %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="67"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/suggestionview.cpp" line="69"/>
        <source>Saved as draft %1 from %n reviewed decisions: cross-validated ROC AUC %2, log-loss %3, λ = %4%5.</source>
        <translation>
            <numerusform>Als Entwurf %1 aus %n geprüften Entscheidung gespeichert: kreuzvalidierte ROC AUC %2, Log-Loss %3, λ = %4%5.</numerusform>
            <numerusform>Als Entwurf %1 aus %n geprüften Entscheidungen gespeichert: kreuzvalidierte ROC AUC %2, Log-Loss %3, λ = %4%5.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="74"/>
        <source> (the fit did not fully converge)</source>
        <translation> (die Anpassung ist nicht vollständig konvergiert)</translation>
    </message>
</context>
<context>
    <name>TaskListModel</name>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="60"/>
        <source>Started %1</source>
        <translation>Gestartet %1</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="91"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="125"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="127"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="129"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="131"/>
        <source>Elapsed</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="133"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="142"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="145"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="147"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="149"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="151"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="153"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="155"/>
        <source>Superseded</source>
        <translation>Ersetzt</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="164"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="165"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
</context>
<context>
    <name>TaskProgressRow</name>
    <message>
        <location filename="../ui/fairness/taskprogressrow.cpp" line="17"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/fairness/taskprogressrow.cpp" line="58"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>TasksDock</name>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="15"/>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="37"/>
        <source>&amp;Cancel Task</source>
        <translation>Aufgabe &amp;abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="39"/>
        <source>Stop the selected task; its result is discarded.</source>
        <translation>Die ausgewählte Aufgabe anhalten; ihr Ergebnis wird verworfen.</translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="40"/>
        <source>Cancel &amp;All</source>
        <translation>&amp;Alle abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="42"/>
        <source>C&amp;lear Finished</source>
        <translation>Beendete &amp;entfernen</translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="44"/>
        <source>Remove the tasks that have ended from the list.</source>
        <translation>Die beendeten Aufgaben aus der Liste entfernen.</translation>
    </message>
</context>
<context>
    <name>TlsDiagnosis</name>
    <message>
        <location filename="../services/db/tlsdiagnosis.cpp" line="85"/>
        <source>The root certificate file %1 does not exist: choose the certificate authority&apos;s file in the connection settings.</source>
        <translation>Die Stammzertifikatsdatei %1 existiert nicht: Wählen Sie die Datei der Zertifizierungsstelle in den Verbindungseinstellungen.</translation>
    </message>
</context>
<context>
    <name>UsageDock</name>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="22"/>
        <source>Usage and Cost</source>
        <translation>Nutzung und Kosten</translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="47"/>
        <source>Edit &amp;Prices…</source>
        <translation>&amp;Preise bearbeiten…</translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="49"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="81"/>
        <source>Usage could not be read: %1</source>
        <translation>Die Nutzung konnte nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/usagedock.cpp" line="99"/>
        <source>Today: %Ln tokens, %1</source>
        <translation>
            <numerusform>Heute: %Ln Token, %1</numerusform>
            <numerusform>Heute: %Ln Token, %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/usagedock.cpp" line="104"/>
        <source>Embedding cache: %1% hits (%2 of %Ln texts)</source>
        <translation>
            <numerusform>Einbettungs-Cache: %1% Treffer (%2 von %Ln Text)</numerusform>
            <numerusform>Einbettungs-Cache: %1% Treffer (%2 von %Ln Texten)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="101"/>
        <source>Last %1 days: %2</source>
        <translation>Letzte %1 Tage: %2</translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="106"/>
        <source>Embedding cache: not used yet</source>
        <translation>Einbettungs-Cache: noch nicht verwendet</translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="109"/>
        <source>Some models have no price: their cost counts as $0.</source>
        <translation>Für einige Modelle ist kein Preis festgelegt; deren Kosten zählen als 0 $.</translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="111"/>
        <source>The offline embedder is in use: it costs nothing.</source>
        <translation>Die Offline-Einbettung ist aktiv und kostet nichts.</translation>
    </message>
</context>
<context>
    <name>UsageTableModel</name>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="106"/>
        <source>No price is set for %1: edit the price table.</source>
        <translation>Für %1 ist kein Preis festgelegt: Preistabelle bearbeiten.</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="112"/>
        <source>Interactive</source>
        <translation>Interaktiv</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="114"/>
        <source>Embedding cache</source>
        <translation>Einbettungs-Cache</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="114"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="114"/>
        <source>Embeddings</source>
        <translation>Einbettungen</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="118"/>
        <source>%1 of %2 from cache</source>
        <translation>%1 von %2 aus dem Cache</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="132"/>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="133"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="134"/>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="135"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="136"/>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="137"/>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="138"/>
        <source>Prompt tokens</source>
        <translation>Prompt-Token</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="139"/>
        <source>Completion tokens</source>
        <translation>Antwort-Token</translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="140"/>
        <source>Cost (USD)</source>
        <translation>Kosten (USD)</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../services/core/validation.cpp" line="19"/>
        <source>%1 is not a number.</source>
        <translation>%1 ist keine Zahl.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="22"/>
        <source>%1 must lie between 0 and 1, got %2.</source>
        <translation>%1 muss zwischen 0 und 1 liegen, ist aber %2.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="29"/>
        <source>%1 is missing.</source>
        <translation>%1 fehlt.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="63"/>
        <source>%1 has %2 dimensions; Sextant stores %3-dimensional vectors.</source>
        <translation>%1 hat %2 Dimensionen; Sextant speichert %3-dimensionale Vektoren.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="70"/>
        <source>%1 has a non-finite value (NaN or infinity) at dimension %2.</source>
        <translation>%1 hat in Dimension %2 einen nicht endlichen Wert (NaN oder unendlich).</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="77"/>
        <source>Memory id</source>
        <translation>Erinnerungs-ID</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="80"/>
        <source>Memory %1 has no creation time.</source>
        <translation>Die Erinnerung %1 hat keinen Erstellungszeitpunkt.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="81"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="84"/>
        <source>Priority override</source>
        <translation>Überschriebene Priorität</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="87"/>
        <location filename="../services/core/validation.cpp" line="101"/>
        <source>The prompt</source>
        <translation>Die Anfrage</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="88"/>
        <location filename="../services/core/validation.cpp" line="102"/>
        <source>The reply</source>
        <translation>Die Antwort</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="88"/>
        <location filename="../services/core/validation.cpp" line="102"/>
        <source>The summary</source>
        <translation>Die Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="91"/>
        <source>%1 of memory %2 is too long (%L3 characters; the limit is %L4).</source>
        <translation>%1 der Erinnerung %2 ist zu lang (%L3 Zeichen; erlaubt sind höchstens %L4).</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="105"/>
        <source>%1 of memory %2 holds a NUL character (U+0000), which cannot be stored.</source>
        <translation>%1 der Erinnerung %2 enthält ein NUL-Zeichen (U+0000), das nicht gespeichert werden kann.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="110"/>
        <source>A tag, the session, the user or the tone of memory %1 holds a NUL character (U+0000), which cannot be stored.</source>
        <translation>Ein Schlagwort, die Sitzung, der Benutzer oder der Ton der Erinnerung %1 enthält ein NUL-Zeichen (U+0000), das nicht gespeichert werden kann.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="114"/>
        <source>Decay rate must be a non-negative number.</source>
        <translation>Die Abklingrate muss eine nicht negative Zahl sein.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="115"/>
        <source>The memory embedding</source>
        <translation>Die Einbettung der Erinnerung</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="120"/>
        <source>Evaluation memory id</source>
        <translation>Erinnerungs-ID der Bewertung</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="124"/>
        <source>Unknown archetype index %1; expected Ella-M … Ella-F.</source>
        <translation>Unbekannter Archetyp-Index %1; erwartet wird Ella-M … Ella-F.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="130"/>
        <source>Archetype priority</source>
        <translation>Archetyp-Priorität</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="132"/>
        <location filename="../services/core/validation.cpp" line="177"/>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="137"/>
        <source>Link source</source>
        <translation>Quelle der Verknüpfung</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="139"/>
        <source>Link target</source>
        <translation>Ziel der Verknüpfung</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="142"/>
        <source>Unknown link type &quot;%1&quot;.</source>
        <translation>Unbekannter Verknüpfungstyp „%1“.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="144"/>
        <source>Unknown link origin &quot;%1&quot;.</source>
        <translation>Unbekannte Herkunft der Verknüpfung „%1“.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="146"/>
        <location filename="../services/core/validation.cpp" line="153"/>
        <source>Unknown archetype index %1.</source>
        <translation>Unbekannter Archetyp-Index %1.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="147"/>
        <source>Link strength</source>
        <translation>Stärke der Verknüpfung</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="155"/>
        <source>Archetype state</source>
        <translation>Archetyp-Zustand</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="158"/>
        <source>Influence</source>
        <translation>Einfluss</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="163"/>
        <source>Job id</source>
        <translation>Auftrags-ID</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="166"/>
        <source>Unknown job status &quot;%1&quot;.</source>
        <translation>Unbekannter Auftragsstatus „%1“.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="168"/>
        <source>Job budget must be a non-negative amount.</source>
        <translation>Das Budget des Auftrags muss ein nicht negativer Betrag sein.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="174"/>
        <source>Match id</source>
        <translation>Vorschlags-ID</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="176"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="178"/>
        <source>Skill match</source>
        <translation>Übereinstimmung der Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="179"/>
        <source>Experience match</source>
        <translation>Übereinstimmung der Erfahrung</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="180"/>
        <source>Success-rate match</source>
        <translation>Übereinstimmung der Erfolgsquote</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="181"/>
        <source>Region match</source>
        <translation>Übereinstimmung der Region</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="190"/>
        <source>Reviewed match id</source>
        <translation>ID des geprüften Vorschlags</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="194"/>
        <source>Unknown review decision &quot;%1&quot;.</source>
        <translation>Unbekannte Prüfentscheidung „%1“.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="196"/>
        <source>Review level must be 1 or 2.</source>
        <translation>Die Prüfstufe muss 1 oder 2 sein.</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="202"/>
        <source>Bias report entity id</source>
        <translation>Entitäts-ID des Bias-Berichts</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="204"/>
        <source>Bias score</source>
        <translation>Bias-Score</translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="206"/>
        <source>Bias confidence</source>
        <translation>Bias-Konfidenz</translation>
    </message>
</context>
<context>
    <name>VectorSearch</name>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="40"/>
        <source>Counting the memories to search</source>
        <translation>Zähle die zu durchsuchenden Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="48"/>
        <source>Reading the pgvector version</source>
        <translation>Lese die pgvector-Version</translation>
    </message>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="56"/>
        <source>Preparing the similarity search</source>
        <translation>Bereite die Ähnlichkeitssuche vor</translation>
    </message>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="81"/>
        <source>Searching similar memories</source>
        <translation>Suche nach ähnlichen Erinnerungen</translation>
    </message>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="155"/>
        <source>This workspace keeps no pgvector columns to search in.</source>
        <translation>Dieser Arbeitsbereich hat keine pgvector-Spalten zum Durchsuchen.</translation>
    </message>
</context>
<context>
    <name>VersionEditor</name>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="29"/>
        <source>Semantic</source>
        <translation>Semantik</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="31"/>
        <source>Skills</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="33"/>
        <source>Experience</source>
        <translation>Erfahrung</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="35"/>
        <source>Success rate</source>
        <translation>Erfolgsquote</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="37"/>
        <source>Region / timezone</source>
        <translation>Region / Zeitzone</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="39"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="53"/>
        <source>Normalise</source>
        <translation>Normalisieren</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="54"/>
        <source>Save as new version</source>
        <translation>Als neue Version speichern</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="60"/>
        <source>Weight of %1</source>
        <translation>Gewicht von %1</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="64"/>
        <source>Weight of the %1 component in the score (key &quot;%2&quot;)</source>
        <translation>Gewicht der Komponente %1 im Score (Schlüssel „%2“)</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="79"/>
        <source>Scale the weights so that they sum to 1</source>
        <translation>Die Gewichte so skalieren, dass ihre Summe 1 ergibt</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="88"/>
        <source>A candidate is proposed when its score reaches the threshold</source>
        <translation>Ein Kandidat wird vorgeschlagen, wenn sein Score den Schwellenwert erreicht</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="91"/>
        <source>At most this many candidates per job</source>
        <translation>Höchstens so viele Kandidaten pro Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="94"/>
        <source>A name no other matching version has</source>
        <translation>Ein Name, den keine andere Matching-Version trägt</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="96"/>
        <source>Why this version: what it changes and what you expect</source>
        <translation>Warum diese Version: was sie ändert und was Sie erwarten</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="100"/>
        <source>Save the draft as a new, inactive matching version</source>
        <translation>Den Entwurf als neue, inaktive Matching-Version speichern</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="104"/>
        <source>Threshold:</source>
        <translation>Schwellenwert:</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="105"/>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="106"/>
        <source>Version name:</source>
        <translation>Versionsname:</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="107"/>
        <source>Notes:</source>
        <translation>Notizen:</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="150"/>
        <source>%1-2</source>
        <translation>%1-2</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="193"/>
        <source>The weights sum to %1; they must sum to 1. Change them or press Normalise.</source>
        <translation>Die Summe der Gewichte ist %1; sie muss 1 ergeben. Ändern Sie sie oder klicken Sie auf „Normalisieren“.</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="196"/>
        <source>Give the version a name.</source>
        <translation>Geben Sie der Version einen Namen.</translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="231"/>
        <source>Sum of the weights: %1</source>
        <translation>Summe der Gewichte: %1</translation>
    </message>
</context>
<context>
    <name>WeightingStrategy</name>
    <message>
        <location filename="../services/archetypes/strategyrecords.cpp" line="12"/>
        <source>A strategy needs a name.</source>
        <translation>Eine Strategie braucht einen Namen.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyrecords.cpp" line="17"/>
        <source>The weight of %1 is %2; each weight must be between 0 and 1.</source>
        <translation>Das Gewicht von %1 ist %2; jedes Gewicht muss zwischen 0 und 1 liegen.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyrecords.cpp" line="25"/>
        <source>The weights add up to %1; they must add up to 1.</source>
        <translation>Die Gewichte ergeben zusammen %1; sie müssen zusammen 1 ergeben.</translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyrecords.cpp" line="33"/>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
</context>
<context>
    <name>WorkspaceFileActions</name>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="17"/>
        <source>Sextant workspaces (*.sqlite *.db);;All files (*)</source>
        <translation>Sextant-Arbeitsbereiche (*.sqlite *.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="40"/>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Neuer Arbeitsbereich…</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="42"/>
        <source>Create an empty workspace file, then import memories into it.</source>
        <translation>Eine leere Arbeitsbereichsdatei anlegen und anschließend Erinnerungen in sie importieren.</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="45"/>
        <source>&amp;Open Workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="49"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="69"/>
        <source>New Workspace</source>
        <translation>Neuer Arbeitsbereich</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="70"/>
        <source>workspace.sqlite</source>
        <translation>arbeitsbereich.sqlite</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="81"/>
        <source>Open Workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="103"/>
        <source>&amp;Clear Menu</source>
        <translation>&amp;Liste leeren</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="130"/>
        <source>Workspace not opened</source>
        <translation>Arbeitsbereich nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="131"/>
        <source>%1

The workspace that was open stays open.</source>
        <translation>%1

Der bisher geöffnete Arbeitsbereich bleibt geöffnet.</translation>
    </message>
</context>
<context>
    <name>WorkspaceSession</name>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="51"/>
        <source>Could not move the new workspace into place at %1.</source>
        <translation>Der neue Arbeitsbereich konnte nicht nach %1 verschoben werden.</translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="58"/>
        <source>Demo workspace</source>
        <translation>Demo-Arbeitsbereich</translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="70"/>
        <source>%1 already exists. Open it with File → Open Workspace, or choose another name.</source>
        <translation>%1 existiert bereits. Öffnen Sie ihn über Datei → Arbeitsbereich öffnen, oder wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="108"/>
        <source>Creating the demo workspace</source>
        <translation>Demo-Arbeitsbereich wird erstellt</translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="140"/>
        <source>Connecting to %1</source>
        <translation>Verbindung zu %1 wird hergestellt</translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="148"/>
        <source>To apply them without the dialog, start Sextant with --connect and --migrate.</source>
        <translation>Um die Migrationen ohne den Dialog anzuwenden, starten Sie Sextant mit --connect und --migrate.</translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="168"/>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
</context>
<context>
    <name>WorkspaceStatusBar</name>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="18"/>
        <source>Loading…</source>
        <translation>Lädt…</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="47"/>
        <source>Show the Tasks panel</source>
        <translation>Den Aufgabenbereich anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="59"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="68"/>
        <location filename="../ui/window/workspacestatusbar.cpp" line="70"/>
        <source>%Ln memories</source>
        <translation>
            <numerusform>%Ln Erinnerung</numerusform>
            <numerusform>%Ln Erinnerungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="69"/>
        <source>(%Ln archived or deleted)</source>
        <translation>
            <numerusform>(%Ln archiviert oder gelöscht)</numerusform>
            <numerusform>(%Ln archiviert oder gelöscht)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="71"/>
        <source>%Ln jobs</source>
        <translation>
            <numerusform>%Ln Auftrag</numerusform>
            <numerusform>%Ln Aufträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="72"/>
        <source>%Ln freelancers</source>
        <translation>
            <numerusform>%Ln Freelancer</numerusform>
            <numerusform>%Ln Freelancer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="72"/>
        <source>%Ln matches</source>
        <translation>
            <numerusform>%Ln Vorschlag</numerusform>
            <numerusform>%Ln Vorschläge</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="88"/>
        <source>Role: %1</source>
        <translation>Rolle: %1</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="95"/>
        <source>Connection lost</source>
        <translation>Verbindung unterbrochen</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="102"/>
        <source>Connection lost — reconnecting (attempt %1, next in %2 s)</source>
        <translation>Verbindung unterbrochen — wird wiederhergestellt (Versuch %1, nächster in %2 s)</translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="112"/>
        <source>Reconnected; the view was brought up to date.</source>
        <translation>Verbindung wiederhergestellt; die Ansicht wurde aktualisiert.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="117"/>
        <source>%n task(s) running</source>
        <translation>
            <numerusform>%n Aufgabe läuft</numerusform>
            <numerusform>%n Aufgaben laufen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkspaceStatusReader</name>
    <message>
        <location filename="../services/workspace/workspacestatus.cpp" line="41"/>
        <source>Counting the pending work</source>
        <translation>Zählen der ausstehenden Arbeit</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="48"/>
        <source>Wrote %1, %2, %3 and %4 to %5 in %6 s.</source>
        <translation>%1, %2, %3 und %4 in %6 s nach %5 geschrieben.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="49"/>
        <location filename="../app/main.cpp" line="108"/>
        <source>%n memories</source>
        <translation>
            <numerusform>%n Erinnerung</numerusform>
            <numerusform>%n Erinnerungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="50"/>
        <source>%n evaluations</source>
        <translation>
            <numerusform>%n Bewertung</numerusform>
            <numerusform>%n Bewertungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="51"/>
        <location filename="../app/main.cpp" line="109"/>
        <source>%n jobs</source>
        <translation>
            <numerusform>%n Auftrag</numerusform>
            <numerusform>%n Aufträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="52"/>
        <location filename="../app/main.cpp" line="110"/>
        <source>%n freelancers</source>
        <translation>
            <numerusform>%n Freelancer</numerusform>
            <numerusform>%n Freelancer</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="68"/>
        <source>Applied: %1</source>
        <translation>Angewendet: %1</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="69"/>
        <source>%1 is up to date at schema version %2.</source>
        <translation>%1 ist mit Schemaversion %2 auf dem neuesten Stand.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="72"/>
        <source>%1 is now at schema version %2.</source>
        <translation>%1 hat jetzt die Schemaversion %2.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="107"/>
        <source>Published %1, %2 and %3 to %4 in %5 s.</source>
        <translation>%1, %2 und %3 in %5 s nach %4 veröffentlicht.</translation>
    </message>
</context>
</TS>
