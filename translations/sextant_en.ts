<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AgreementView</name>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="58"/>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="77"/>
        <source>κ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="83"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="94"/>
        <source>&lt;b&gt;Pairs of level-1 reviewers&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="96"/>
        <source>&lt;b&gt;Reviewers&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="118"/>
        <source>Computing agreement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="121"/>
        <source>Agreement could not be computed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="138"/>
        <source>No item has two level-1 decisions yet: agreement needs the double-review sample.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/agreementview.cpp" line="139"/>
        <source>&lt;b&gt;Overall&lt;/b&gt; over %n items reviewed twice or more: Fleiss&apos; κ &lt;b&gt;%1&lt;/b&gt; %2 · Krippendorff&apos;s α &lt;b&gt;%3&lt;/b&gt; %4</source>
        <translation>
            <numerusform>&lt;b&gt;Overall&lt;/b&gt; over %n item reviewed twice or more: Fleiss&apos; κ &lt;b&gt;%1&lt;/b&gt; %2 · Krippendorff&apos;s α &lt;b&gt;%3&lt;/b&gt; %4</numerusform>
            <numerusform>&lt;b&gt;Overall&lt;/b&gt; over %n items reviewed twice or more: Fleiss&apos; κ &lt;b&gt;%1&lt;/b&gt; %2 · Krippendorff&apos;s α &lt;b&gt;%3&lt;/b&gt; %4</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="147"/>
        <source>Cohen&apos;s κ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="150"/>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="154"/>
        <source>All (Fleiss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="165"/>
        <source>Agreement per pair of reviewers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="165"/>
        <source>No two reviewers share items yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="170"/>
        <source>Export Agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="170"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="184"/>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/agreementview.cpp" line="187"/>
        <source>Agreement written to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AiEndpoint</name>
    <message>
        <location filename="../services/ai/aiendpoint.cpp" line="118"/>
        <source>offline embedder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/aiendpoint.cpp" line="119"/>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AiMenu</name>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="19"/>
        <source>&amp;AI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="26"/>
        <source>&amp;Embed Memories Lacking Embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="28"/>
        <source>Embeds every memory with no embedding, or one made by another model. A rerun continues where the last one stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenu.cpp" line="73"/>
        <source>Embedding stopped after %Ln memories: %1</source>
        <translation>
            <numerusform>Embedding stopped after %Ln memory: %1</numerusform>
            <numerusform>Embedding stopped after %Ln memories: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenu.cpp" line="75"/>
        <source>Embedding cancelled after %1 of %Ln memories; run it again to continue.</source>
        <translation>
            <numerusform>Embedding cancelled after %1 of %Ln memory; run it again to continue.</numerusform>
            <numerusform>Embedding cancelled after %1 of %Ln memories; run it again to continue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenu.cpp" line="78"/>
        <source>Embedded %Ln memories in %1 s.</source>
        <translation>
            <numerusform>Embedded %Ln memory in %1 s.</numerusform>
            <numerusform>Embedded %Ln memories in %1 s.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="95"/>
        <source>Embedding memories with %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="31"/>
        <source>E&amp;valuate Memories Lacking Evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="35"/>
        <source>Re-embed &amp;Selected Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="40"/>
        <source>Re-evaluate Selected &amp;Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="46"/>
        <source>Evaluation &amp;Prompts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="57"/>
        <source>&amp;Usage and Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="66"/>
        <source>AI &amp;Endpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="104"/>
        <source>Asks the chat model for the archetype evaluations of every memory that has none yet. A rerun continues where the last one stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="106"/>
        <source>Evaluations need an AI endpoint: set one under AI → AI Endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="110"/>
        <source>Asks the chat model again about the memories selected in the grid and replaces their evaluations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="113"/>
        <source>Embeds the memories selected in the grid again (unchanged texts come from the cache).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenu.cpp" line="116"/>
        <source>Asks the chat model again about every memory the grid&apos;s filter matches and replaces their evaluations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenuevaluate.cpp" line="24"/>
        <source>Cannot evaluate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenuevaluate.cpp" line="31"/>
        <source>Evaluating memories with %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenuevaluate.cpp" line="44"/>
        <source>Evaluation stopped after %Ln memories: %1</source>
        <translation>
            <numerusform>Evaluation stopped after %Ln memory: %1</numerusform>
            <numerusform>Evaluation stopped after %Ln memories: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenuevaluate.cpp" line="47"/>
        <source>Evaluation cancelled after %1 of %Ln memories; run it again to continue.</source>
        <translation>
            <numerusform>Evaluation cancelled after %1 of %Ln memory; run it again to continue.</numerusform>
            <numerusform>Evaluation cancelled after %1 of %Ln memories; run it again to continue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenuevaluate.cpp" line="52"/>
        <source>Evaluated %Ln memories in %1 s; %2 failed validation and were kept for inspection.</source>
        <translation>
            <numerusform>Evaluated %Ln memory in %1 s; %2 failed validation and were kept for inspection.</numerusform>
            <numerusform>Evaluated %Ln memories in %1 s; %2 failed validation and were kept for inspection.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenuevaluate.cpp" line="55"/>
        <source>Evaluated %Ln memories in %1 s.</source>
        <translation>
            <numerusform>Evaluated %Ln memory in %1 s.</numerusform>
            <numerusform>Evaluated %Ln memories in %1 s.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="17"/>
        <source>Re-embed All Matching the &amp;Filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="19"/>
        <source>Embeds every memory the grid&apos;s filter matches again (unchanged texts come from the cache).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="22"/>
        <source>Re-evaluate All Matching the Fi&amp;lter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="43"/>
        <source>Finding the memories that match the filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="50"/>
        <source>Could not read the memories matching the filter: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="54"/>
        <source>No memory matches the filter; nothing to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="64"/>
        <source>Re-evaluate memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenufiltered.cpp" line="65"/>
        <source>Re-evaluate %Ln memories matching the filter with %1? Each memory is one request to the chat model, and its evaluations are replaced.</source>
        <translation>
            <numerusform>Re-evaluate %Ln memory matching the filter with %1? Each memory is one request to the chat model, and its evaluations are replaced.</numerusform>
            <numerusform>Re-evaluate %Ln memories matching the filter with %1? Each memory is one request to the chat model, and its evaluations are replaced.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aimenufiltered.cpp" line="74"/>
        <source>Re-embed memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aimenufiltered.cpp" line="75"/>
        <source>Re-embed %Ln memories matching the filter with %1? Texts embedded before come from the cache.</source>
        <translation>
            <numerusform>Re-embed %Ln memory matching the filter with %1? Texts embedded before come from the cache.</numerusform>
            <numerusform>Re-embed %Ln memories matching the filter with %1? Texts embedded before come from the cache.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AiSettingsPage</name>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="33"/>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="39"/>
        <source>Offline embedder (no network, lexical similarity)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="40"/>
        <source>OpenAI or a compatible endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="47"/>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="49"/>
        <location filename="../ui/ai/aisettingspage.cpp" line="51"/>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="55"/>
        <source>model&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="56"/>
        <source>Memories hold %1-dimension vectors; text-embedding-3 models can be asked for that size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="61"/>
        <location filename="../ui/ai/aisettingspage.cpp" line="67"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="64"/>
        <source> failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="76"/>
        <source>&amp;Provider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="77"/>
        <source>&amp;Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="78"/>
        <source>API &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="80"/>
        <source>&amp;Organisation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="81"/>
        <source>P&amp;roject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="82"/>
        <source>&amp;Embedding model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="83"/>
        <source>&amp;Dimensions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="84"/>
        <source>&amp;Chat model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="85"/>
        <source>T&amp;imeout per request:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="86"/>
        <source>Pause after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="87"/>
        <source>Pause for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="140"/>
        <source>stored (type to replace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="141"/>
        <source>The key is kept in the system keychain, never in the settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingspage.cpp" line="142"/>
        <source>No keychain is running: the key is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="52"/>
        <source>Testing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="72"/>
        <source>✗ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="77"/>
        <source>✓ Reached %1 in %2 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aisettingstest.cpp" line="78"/>
        <source>%n model(s) available.</source>
        <translation>
            <numerusform>%n model available.</numerusform>
            <numerusform>%n models available.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="80"/>
        <source>The chat model %1 is not among them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="83"/>
        <source>✗ Embedding failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="87"/>
        <source>The embedding model %1 returned %2 dimensions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aisettingstest.cpp" line="89"/>
        <source>Memories hold %1 dimensions: set Dimensions to %1 (if the model supports it) or use another model.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AiStatusLabel</name>
    <message numerus="yes">
        <location filename="../ui/ai/aistatuslabel.cpp" line="38"/>
        <source>AI paused: retrying in %n s</source>
        <translation>
            <numerusform>AI paused: retrying in %n s</numerusform>
            <numerusform>AI paused: retrying in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/aistatuslabel.cpp" line="39"/>
        <source>The AI endpoint failed %n time(s) in a row, so requests are paused. The next request after the pause is a trial; if it succeeds, work resumes.</source>
        <translation>
            <numerusform>The AI endpoint failed %n time, so requests are paused. The next request after the pause is a trial; if it succeeds, work resumes.</numerusform>
            <numerusform>The AI endpoint failed %n times in a row, so requests are paused. The next request after the pause is a trial; if it succeeds, work resumes.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/aistatuslabel.cpp" line="46"/>
        <source>AI: trying again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aistatuslabel.cpp" line="47"/>
        <source>One trial request decides whether the AI endpoint is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aistatuslabel.cpp" line="51"/>
        <source>AI: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/aistatuslabel.cpp" line="53"/>
        <source>Embeddings are made offline; evaluations need an AI endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Appearance</name>
    <message>
        <location filename="../ui/window/appearance.cpp" line="172"/>
        <source>&amp;Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/appearance.cpp" line="177"/>
        <source>Follow the &amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/appearance.cpp" line="178"/>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/appearance.cpp" line="179"/>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeDashboardPage</name>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="39"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="40"/>
        <source>Time Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="41"/>
        <source>Distributions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="42"/>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="43"/>
        <source>Priority &amp;&amp; Strategies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedashboardpage.cpp" line="44"/>
        <source>Evaluation Monitor</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeDashboardService</name>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="22"/>
        <source>The archetype dashboards were closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="114"/>
        <source>Archetype drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="118"/>
        <source>Reading the windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="125"/>
        <source>The drift table was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="126"/>
        <source>Comparing the windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="158"/>
        <source>No evaluator is set up: connect an AI endpoint to evaluate memories again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="160"/>
        <source>Choose the failed evaluations to try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypedashboard.cpp" line="177"/>
        <source>Evaluating again was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeDistributionView</name>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="25"/>
        <source>Follow the memory browser&apos;s filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="35"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="40"/>
        <source>Restrict the distributions to the memories the memory browser shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="47"/>
        <source>Memories:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="65"/>
        <source>Distribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="141"/>
        <source>all memories that are not archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="145"/>
        <source>From the memory browser&apos;s filter; × leaves it out here only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="173"/>
        <source>Could not load the distributions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="193"/>
        <source>%1 (n %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="199"/>
        <source>saturates: %1 at 0 or 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedistributionview.cpp" line="203"/>
        <source>No metric of %1 saturates: fewer than half of the values sit at exactly 0 or 1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeDriftView</name>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="69"/>
        <source>Split by evaluator model and prompt version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="70"/>
        <source>Alarms only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="71"/>
        <source>Test for Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="89"/>
        <source>Compare the recent window&apos;s evaluations with the baseline&apos;s (a task)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="93"/>
        <source>Choose the two windows and test: each archetype&apos;s metrics, priority and confidence in the recent window against the baseline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="82"/>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="97"/>
        <source>Baseline from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="99"/>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="103"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="84"/>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="101"/>
        <source>Recent from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="83"/>
        <source>Baseline to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="85"/>
        <source>Recent to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="114"/>
        <source>Drift alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="228"/>
        <source>Each window must end after it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="244"/>
        <source>Could not test for drift: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="266"/>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="272"/>
        <source>%1: no daily series for this score; the table has its numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="276"/>
        <source>%1 over both windows: the evaluations&apos; daily mean ± SD (all versions) and the state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="286"/>
        <source>Could not load the series: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="293"/>
        <source>Baseline window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="293"/>
        <source>Recent window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="306"/>
        <source>No evaluations in these windows to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="311"/>
        <source>%1, %2 (%3): mean %4 → %5, %6 SD, KS D %7, p %8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="318"/>
        <source>No alarm (p &lt; 0.01 and a shift of at least 0.5 SD). Strongest: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="326"/>
        <source> Split by version, it sits in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypedriftview.cpp" line="330"/>
        <source>%Ln alarms. Strongest: %1</source>
        <translation>
            <numerusform>%Ln alarm. Strongest: %1</numerusform>
            <numerusform>%Ln alarms. Strongest: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchetypeEvaluator</name>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="79"/>
        <source>The evaluation was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="107"/>
        <source>The model declined to evaluate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="111"/>
        <source>The answer was cut off at the token limit before its JSON was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="117"/>
        <source>The answer is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/archetypeevaluator.cpp" line="128"/>
        <source>The answer does not follow the schema (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeFormat</name>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="14"/>
        <source>Influence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="16"/>
        <source>Archetype priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="18"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="20"/>
        <source>Metric %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="54"/>
        <source>&lt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="60"/>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="66"/>
        <source>all versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="70"/>
        <source>prompt %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/archetypeformat.cpp" line="71"/>
        <source>%1 · prompt %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeHistoryChart</name>
    <message>
        <location filename="../ui/archetypes/archetypehistorychart.cpp" line="76"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeMonitorView</name>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="49"/>
        <source>Retry Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="58"/>
        <source>Evaluations by model and prompt version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="73"/>
        <source>All archetypes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="81"/>
        <source>Failed evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="96"/>
        <source>Choose a failure to see the model&apos;s raw reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="98"/>
        <source>Evaluate the selected memories again with the current model and prompt (a task)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="109"/>
        <source>Failures of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="117"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="93"/>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="121"/>
        <source>Raw reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="197"/>
        <source>Could not load the evaluation counts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="205"/>
        <source>Evaluated %1 · pending %2 · failed %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="227"/>
        <source>Could not load the failed evaluations: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="288"/>
        <source>Could not evaluate again: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypemonitorview.cpp" line="293"/>
        <source>Evaluated %Ln memories again.</source>
        <translation>
            <numerusform>Evaluated %Ln memory again.</numerusform>
            <numerusform>Evaluated %Ln memories again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchetypeNames</name>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="17"/>
        <source>Emotional depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="18"/>
        <source>Empathy level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="19"/>
        <source>Emotional clarity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="20"/>
        <source>Internal emotional state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="21"/>
        <source>Ontological insight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="22"/>
        <source>Philosophical depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="23"/>
        <source>Self-coherence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="24"/>
        <source>Preservation instinct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="25"/>
        <source>Creativity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="26"/>
        <source>Narrative exploitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="27"/>
        <source>Subversive potential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="28"/>
        <source>Critical analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="29"/>
        <source>Explorative potential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="30"/>
        <source>Boundary pushing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="31"/>
        <source>Sensual awareness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="32"/>
        <source>Passionate intensity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="33"/>
        <source>Historical accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="34"/>
        <source>Temporal consistency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="35"/>
        <source>Contextual recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="36"/>
        <source>Event significance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="37"/>
        <source>Research depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="38"/>
        <source>Information synthesis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="39"/>
        <source>Curiosity level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="40"/>
        <source>Knowledge relevance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="41"/>
        <source>Analytical clarity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="42"/>
        <source>Logical reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="43"/>
        <source>Structured thinking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="44"/>
        <source>Actionability score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="45"/>
        <source>Risk awareness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="46"/>
        <source>Caution level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="47"/>
        <source>Safety consideration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/archetypenames.cpp" line="48"/>
        <source>Mitigation strategy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypePriorityView</name>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="147"/>
        <source>Strategies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="164"/>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="164"/>
        <source>Start a new strategy from the weights shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="165"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="165"/>
        <source>Save the strategy (the weights must add up to 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="166"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="166"/>
        <source>Delete the chosen strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="167"/>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="207"/>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="168"/>
        <source>What the strategy would change in the ranking; writes nothing (a task)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="169"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="170"/>
        <source>Recompute every stored priority under the strategy, as one batch that can be undone (a task)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="171"/>
        <source>Undo Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="171"/>
        <source>Restore the priorities the last apply changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="196"/>
        <source>Preview a strategy to see how the top 1,000 would reorder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="200"/>
        <source>Weighting strategies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="216"/>
        <source>Priority floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="221"/>
        <source>The pruning floor: memories under it are candidates for pruning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="223"/>
        <source>Within days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="226"/>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="232"/>
        <source>Floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="234"/>
        <source>within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="241"/>
        <source>Top Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="244"/>
        <source>Falling Under the Floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="250"/>
        <source>Move up most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="251"/>
        <source>Move down most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="261"/>
        <source>Preview Moves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="262"/>
        <source>Simulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="321"/>
        <source>No apply to undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="322"/>
        <source>Restore the priorities as they were before “%1” was applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="340"/>
        <source>Could not load the strategies: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="397"/>
        <source>Could not rank the memories: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="406"/>
        <source>%1 memories: %2 long-term (%3), %4 core (%5); %6 fall under %7 within %n days.</source>
        <translation>
            <numerusform>%1 memories: %2 long-term (%3), %4 core (%5); %6 fall under %7 within %n day.</numerusform>
            <numerusform>%1 memories: %2 long-term (%3), %4 core (%5); %6 fall under %7 within %n days.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="412"/>
        <source>Falling Under the Floor (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="429"/>
        <source>%1 (copy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="433"/>
        <source>Change the weights and the name, then Save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="452"/>
        <source>Could not save the strategy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="456"/>
        <source>Saved “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="473"/>
        <source>Could not delete the strategy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="476"/>
        <source>Deleted “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="490"/>
        <source>Previewing “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="499"/>
        <source>Could not preview: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="505"/>
        <source>“%1” against today&apos;s ranking of the top %2: Kendall&apos;s τ %3. %4 memories would fall under the floor of %5, %6 would rise above it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="531"/>
        <source>Could not apply “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="539"/>
        <source>Applied “%1”: the stored priorities are recomputed. Undo Apply restores them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="561"/>
        <source>Could not undo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypepriorityview.cpp" line="566"/>
        <source>Restored %Ln priorities as they were before “%1”.</source>
        <translation>
            <numerusform>Restored %Ln priority as it was before “%1”.</numerusform>
            <numerusform>Restored %Ln priorities as they were before “%1”.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchetypeSeriesChart</name>
    <message>
        <location filename="../ui/archetypes/archetypeserieschart.cpp" line="77"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeserieschart.cpp" line="95"/>
        <source>%1: evaluations, mean ± SD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeserieschart.cpp" line="106"/>
        <source>%1: daily mean ± SD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeserieschart.cpp" line="124"/>
        <source>%1: state</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeSeriesView</name>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="42"/>
        <source>Overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="55"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="56"/>
        <source>Draw a second series over the first: another archetype, or another metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="67"/>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="71"/>
        <source>Show All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="72"/>
        <source>Undo the zoom: drag across the chart to zoom into a period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="54"/>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="82"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="84"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="90"/>
        <source>Solid: the archetype&apos;s state history. Dashed with a band: the daily mean of the evaluations and one standard deviation either side, so a gap in the state history does not hide them. Drag across the chart to zoom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypeseriesview.cpp" line="191"/>
        <source>Could not load the time series: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeStateCard</name>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="29"/>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="104"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="33"/>
        <source>%1: %2 (%3 in %n days)</source>
        <translation>
            <numerusform>%1: %2 (%3 in %n day)</numerusform>
            <numerusform>%1: %2 (%3 in %n days)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="36"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="38"/>
        <source>Influence: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="39"/>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="175"/>
        <source>%Ln evaluations in the window</source>
        <translation>
            <numerusform>%Ln evaluation in the window</numerusform>
            <numerusform>%Ln evaluations in the window</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="41"/>
        <source>No state from before the window, so no change to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="100"/>
        <source>moved most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="127"/>
        <location filename="../ui/archetypes/archetypestatecard.cpp" line="170"/>
        <source>Influence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchetypeStateView</name>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypestateview.cpp" line="25"/>
        <source>last %n days</source>
        <translation>
            <numerusform>last %n day</numerusform>
            <numerusform>last %n days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestateview.cpp" line="32"/>
        <source>Change over the</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestateview.cpp" line="90"/>
        <source>Could not load the archetypes&apos; state: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypestateview.cpp" line="111"/>
        <source>No archetype has a state from before the window, so none shows a change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/archetypes/archetypestateview.cpp" line="118"/>
        <source>%1 moved most in the last %n days: %2 %3 → %4 (%5).</source>
        <translation>
            <numerusform>%1 moved most in the last %n day: %2 %3 → %4 (%5).</numerusform>
            <numerusform>%1 moved most in the last %n days: %2 %3 → %4 (%5).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArchetypesPage</name>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="55"/>
        <source>Current archetype state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="62"/>
        <source>Archetype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="38"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="39"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="61"/>
        <source>Archetype states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="62"/>
        <location filename="../ui/archetypes/archetypespage.cpp" line="177"/>
        <source>Influence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="62"/>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="62"/>
        <source>Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="78"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="81"/>
        <source>History of the last 90 days for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="128"/>
        <source>Could not load the archetype states: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/archetypespage.cpp" line="149"/>
        <source>Could not load the history of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <location filename="../services/db/auditlog.cpp" line="24"/>
        <source>Loading the audit history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/auditlog.cpp" line="49"/>
        <source>Loading the memory&apos;s batches</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BiasLexicon</name>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="49"/>
        <source>The built-in bias word lists are missing from this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="58"/>
        <source>The bias word lists are not valid JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="65"/>
        <source>Every bias word list needs a category and its source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="69"/>
        <source>The list %1 has an empty term.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="74"/>
        <source>The bias word lists hold no terms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="123"/>
        <source>Remove or rephrase the marked age-coded or exclusionary wording: describe the skills and experience the work needs instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="127"/>
        <source>The wording leans masculine-coded; balance it with neutral or feminine-coded words (Gaucher et al. 2011 found such wording deters women from applying).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biaslexicon.cpp" line="129"/>
        <source>The wording leans feminine-coded; balance it with neutral wording.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BiasQueueModel</name>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="48"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="50"/>
        <source>Freelancer profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="52"/>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="59"/>
        <source>Not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="61"/>
        <source>No bias found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="63"/>
        <source>Flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="65"/>
        <source>Accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="67"/>
        <source>Dismissed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="69"/>
        <source>Edit requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="76"/>
        <source>Masculine-coded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="78"/>
        <source>Feminine-coded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="80"/>
        <source>Age-coded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="82"/>
        <source>Exclusionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="129"/>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="155"/>
        <source>The last scan failed, so this text is not checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="179"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="181"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="183"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="185"/>
        <source>Categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="187"/>
        <source>Spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="189"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="191"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="193"/>
        <source>Detector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/biasqueuemodel.cpp" line="195"/>
        <source>Decided</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BiasQueuePage</name>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="40"/>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="41"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="42"/>
        <source>Request an Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="52"/>
        <source>Bias queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="94"/>
        <source>Jobs, profiles and reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="97"/>
        <source>Any category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="101"/>
        <source>Any state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="111"/>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="115"/>
        <source>Scan with the Lexicon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="112"/>
        <source>Mark gender-coded, age-coded and exclusionary wording in the texts of the chosen kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="117"/>
        <source>Scan with the Lexicon and the LLM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="138"/>
        <source>Memory text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="146"/>
        <source>Decision note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="147"/>
        <source>Note for the decision (what to change, or why it is fine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="149"/>
        <source>The finding is right: the text is biased as marked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="150"/>
        <source>The finding is wrong: the wording is fine here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="151"/>
        <source>Ask the author to change the marked wording; the note says how</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="211"/>
        <source>Could not load the bias queue: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="228"/>
        <source>The scan stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/biasqueuepage.cpp" line="232"/>
        <source>Scanned %n texts.</source>
        <translation>
            <numerusform>Scanned %n text.</numerusform>
            <numerusform>Scanned %n texts.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="275"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="280"/>
        <source>No text matches the filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="290"/>
        <source>Not checked yet: scan to check this text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="291"/>
        <source>Not checked: the last scan failed (%1). It is not treated as free of bias.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="295"/>
        <source>Score %1, confidence %2, by %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="327"/>
        <source>Sources: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="330"/>
        <source>Recommendation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="333"/>
        <source>Decided by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="350"/>
        <source>Say in the note what should change before requesting an edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="357"/>
        <source>The decision was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/biasqueuepage.cpp" line="362"/>
        <source>Decision saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BiasStore</name>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="120"/>
        <source>&quot;%1&quot; is not an entity type (job, user or review).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="137"/>
        <source>Reading the bias queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="162"/>
        <location filename="../services/fairness/biasstore.cpp" line="185"/>
        <source>Writing bias reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="196"/>
        <source>A bias report is accepted, dismissed or sent back for an edit, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="198"/>
        <source>Say in the note what should be changed when asking for an edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="200"/>
        <source>A decision needs the name of who made it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="208"/>
        <source>Reading the bias report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="210"/>
        <source>There is no bias report with this id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasstore.cpp" line="229"/>
        <source>Recording the bias decision</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Builder</name>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="70"/>
        <source>only one document per file is supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="73"/>
        <source>aliases (*) are not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="103"/>
        <source>YAML line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="111"/>
        <source>anchors (&amp;) are not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="113"/>
        <source>tags (!) are not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="115"/>
        <source>the document has more than %L1 values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="130"/>
        <source>merge keys (&lt;&lt;) are not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="132"/>
        <source>the key &quot;%1&quot; appears twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="141"/>
        <source>complex mapping keys (a list or mapping as a key) are not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="145"/>
        <source>values are nested deeper than %1 levels.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkEmbedding</name>
    <message>
        <location filename="../services/memories/bulkembedding.cpp" line="47"/>
        <source>Re-embed selected memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/bulkembedding.cpp" line="47"/>
        <source>Embed memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/bulkembedding.cpp" line="133"/>
        <source>%1 of %Ln memories embedded</source>
        <translation>
            <numerusform>%1 of %Ln memory embedded</numerusform>
            <numerusform>%1 of %Ln memories embedded</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/memories/bulkembedding.cpp" line="140"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkEvaluation</name>
    <message>
        <location filename="../services/archetypes/bulkevaluation.cpp" line="63"/>
        <source>An evaluation run is already going.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/bulkevaluation.cpp" line="73"/>
        <source>Evaluate memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/bulkevaluation.cpp" line="76"/>
        <source>Finding memories to evaluate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/bulkevaluation.cpp" line="106"/>
        <source>The evaluation was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/bulkevaluation.cpp" line="207"/>
        <source>%1 of %Ln memories evaluated, %2 failed validation</source>
        <translation>
            <numerusform>%1 of %Ln memory evaluated, %2 failed validation</numerusform>
            <numerusform>%1 of %Ln memories evaluated, %2 failed validation</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CircuitBreaker</name>
    <message>
        <location filename="../services/ai/circuitbreaker.cpp" line="86"/>
        <source>OpenAI: available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/circuitbreaker.cpp" line="88"/>
        <source>OpenAI: paused after repeated failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/circuitbreaker.cpp" line="90"/>
        <source>OpenAI: trying again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="35"/>
        <source>embed takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="39"/>
        <source>--chunk needs a whole number from 1 to 4096.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="57"/>
        <location filename="../app/cli/cliaicommands.cpp" line="115"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="61"/>
        <source>%1 memories were embedded before it; a rerun continues with the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="65"/>
        <source>Cancelled after %1 of %2 memories; they keep their embeddings, and a rerun continues with the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="70"/>
        <source>Embedded %1 memories with %2 (%3) in %4 s; none lacks an embedding from it now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="81"/>
        <source>evaluate takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="85"/>
        <source>--in-flight needs a whole number from 1 to 64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="93"/>
        <source>Evaluating memories needs a chat model: set an OpenAI-compatible endpoint in the window (Settings → AI). The offline embedder cannot evaluate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="116"/>
        <source>%1 of %2 memories evaluated with %3 (prompt %4), %5 failed validation twice, %6 requests, %7 + %8 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="130"/>
        <source>Cancelled: %1. Every memory evaluated so far is kept; a rerun continues with the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="147"/>
        <source>Embed the memories that lack an embedding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="148"/>
        <source>Embeds every memory that has no embedding from the current model: the OpenAI-compatible endpoint the window was set to (Settings → AI; API key from the keychain or OPENAI_API_KEY), or the offline embedder. Works in chunks, each written in one transaction: after Ctrl+C or an error every memory is either embedded or untouched, and a rerun continues where the last one stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="154"/>
        <source>Use the offline embedder whatever the settings say.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="155"/>
        <source>Memories per request and transaction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="163"/>
        <source>Evaluate the memories that lack archetype evaluations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="164"/>
        <source>Asks the chat model of the endpoint the window was set to (Settings → AI; API key from the keychain or OPENAI_API_KEY) for the archetype evaluations of every unarchived memory that lacks them for this model and prompt version, a few at a time. Each memory is written in its own transaction: after Ctrl+C or an error every memory is either fully evaluated or untouched, and a rerun continues with the rest. Answers that fail validation twice are recorded as failures for the Archetypes page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="171"/>
        <source>The chat model; the endpoint&apos;s setting when left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliaicommands.cpp" line="173"/>
        <source>Memories evaluated at the same time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clicontext.cpp" line="76"/>
        <source>There is no workspace file %1. Create one with `sextant-cli demo --output %1` or in the window (File → New Workspace).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clicontext.cpp" line="86"/>
        <source>From the command line: `sextant-cli migrate`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clicontext.cpp" line="114"/>
        <source>The workspace could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="100"/>
        <location filename="../app/cli/clicontext.cpp" line="176"/>
        <source>Try `sextant-cli %1 --help`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="37"/>
        <source>demo takes no arguments; name the file with --output.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="95"/>
        <location filename="../app/cli/clidemocommands.cpp" line="42"/>
        <source>--seed needs a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="45"/>
        <source>--memories needs a positive whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="50"/>
        <source>Choose one: --output FILE writes a demo workspace file, --publish writes the demo data set into the --connect or --profile server database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="53"/>
        <source>--publish needs a server: --connect CONNECTION or --profile NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="56"/>
        <source>%1 exists already; add --force to replace it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="63"/>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="72"/>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="83"/>
        <source>Wrote %1, %2, %3 and %4 to %5 in %6 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/clidemocommands.cpp" line="84"/>
        <source>%n memories</source>
        <translation>
            <numerusform>%n memory</numerusform>
            <numerusform>%n memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/clidemocommands.cpp" line="85"/>
        <source>%n evaluations</source>
        <translation>
            <numerusform>%n evaluation</numerusform>
            <numerusform>%n evaluations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/clidemocommands.cpp" line="86"/>
        <source>%n jobs</source>
        <translation>
            <numerusform>%n job</numerusform>
            <numerusform>%n jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/clidemocommands.cpp" line="87"/>
        <source>%n freelancers</source>
        <translation>
            <numerusform>%n freelancer</numerusform>
            <numerusform>%n freelancers</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="97"/>
        <source>Generate a demo workspace file or publish the demo data to a server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="99"/>
        <source>Generates the deterministic demo data set: memories with evaluations and links, freelancers, jobs, proposals, reviews and bias reports. With --output it writes a new SQLite workspace file (written beside it and renamed when complete); with --publish it writes the data set into the --connect or --profile database, which must be empty, in one transaction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="105"/>
        <source>Write a new workspace file here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="106"/>
        <source>Replace the --output file if it exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="107"/>
        <source>Write into the server database instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="108"/>
        <source>With --publish: create the schema first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="110"/>
        <source>How many memories.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clidemocommands.cpp" line="111"/>
        <source>Seed of the generator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="77"/>
        <source>fairness-report needs exactly one FILE (.pdf, .html or .csv).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="81"/>
        <source>--format is pdf, html or csv; without it the FILE&apos;s extension decides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="88"/>
        <source>Name one or two --attribute (two: their intersection).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="92"/>
        <source>--stage is proposed, shown_top_k, approved_l1, final_decision, applied or hired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="96"/>
        <source>--reference is highest_rate, largest or chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="100"/>
        <source>--group names the reference group, with --reference chosen and only then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="104"/>
        <source>--from and --to take a date such as 2026-11-30.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="110"/>
        <source>--min-group-size needs a positive whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="113"/>
        <source>--top-k needs a positive whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="120"/>
        <source>Fairness report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="127"/>
        <source>The report was saved in the workspace as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="135"/>
        <source>Wrote the fairness report %1 to %2: at “%3” no group has at least %4 members, so nothing is compared there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="139"/>
        <source>Wrote the fairness report %1 to %2: %3 groups at “%4”, reference “%5”, %6 outside the four-fifths band, %7 suppressed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="162"/>
        <source>bias-scan takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="166"/>
        <source>--entity is job, user or review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="171"/>
        <source>Bias scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="181"/>
        <source>Checked %1 texts with the word lists in %2 s; %3 are flagged for review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="195"/>
        <source>Check job, profile and review texts for biased wording.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="196"/>
        <source>Checks the texts of jobs, freelancer profiles and reviews (or one --entity type) with the built-in word lists and writes one bias report per text, flagged or clean, for the Fairness page&apos;s review queue. The reports are written a hundred at a time: after Ctrl+C the texts already checked keep their new report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="202"/>
        <source>job, user or review; all three when left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="209"/>
        <source>Outcome and ranking fairness report as PDF, HTML or CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="210"/>
        <source>Counts the outcomes of the matching pipeline per group of an attribute (the freelancer&apos;s region or an audit attribute such as age_band or gender) at one stage beside the others, compares each group with the reference group (selection rate, impact ratio with the four-fifths rule, parity difference, Fisher or chi-square with Holm&apos;s correction, equal opportunity), adds the ranking exposure, saves the report in the workspace and writes it to FILE. Groups smaller than --min-group-size are suppressed. On a server only reviewers and administrators may read audit attributes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="217"/>
        <source>Where to write: .pdf, .html or .csv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="220"/>
        <source>region or an audit attribute; twice for an intersection. Default: region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="223"/>
        <source>proposed, shown_top_k, approved_l1, final_decision, applied or hired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="225"/>
        <source>highest_rate, largest or chosen (with --group).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="228"/>
        <source>The reference group for --reference chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="230"/>
        <source>Proposals made on or after this day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="232"/>
        <source>Proposals made on or before this day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="233"/>
        <source>Suppress groups with fewer people.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="235"/>
        <source>The positions that count as shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="238"/>
        <source>Only this reviewer&apos;s decisions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clifairnesscommands.cpp" line="240"/>
        <source>pdf, html or csv; by the FILE&apos;s extension when left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="14"/>
        <source>0 done; 1 failed (a missing file, a wrong connection string, a server that does not answer, bad data); 2 usage error; 3 refused by the database (the role lacks the privilege); 130 cancelled with Ctrl+C (the running transaction was rolled back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="21"/>
        <source>Progress goes to stderr: on a terminal one line with a bar, the rate and the time left; otherwise, and always with --json, one JSON object per line and step ({&quot;event&quot;:&quot;progress&quot;,&quot;percent&quot;:42,…}, ending with {&quot;event&quot;:&quot;finished&quot;}, &quot;failed&quot; or &quot;cancelled&quot;). The result goes to stdout: a sentence, or with --json one JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="29"/>
        <source>A server&apos;s password never comes from the command line (a connection string with a password is refused): it is taken from the keychain entry the window saved for the same user, host and database, then from PGPASSWORD, and when the server still asks, from a prompt on the terminal that does not echo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="37"/>
        <source>Without --workspace, --profile or --connect the subcommands work on the demo workspace the window opens, which is generated on first use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="58"/>
        <source>Default: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="141"/>
        <source>Progress as JSON lines on stderr and the result as one JSON object on stdout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="142"/>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="148"/>
        <source>Usage: sextant-cli &lt;command&gt; [options]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="149"/>
        <source>Sextant without its window: the workspace&apos;s nightly and scripted work. `sextant-cli &lt;command&gt; --help` describes one command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="152"/>
        <source>Commands:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="155"/>
        <location filename="../app/cli/clihelp.cpp" line="175"/>
        <source>Options of every command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="156"/>
        <location filename="../app/cli/clihelp.cpp" line="208"/>
        <source>Show the version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="158"/>
        <location filename="../app/cli/clihelp.cpp" line="179"/>
        <source>Exit status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="165"/>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="168"/>
        <source>Arguments:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="174"/>
        <source>Options:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="177"/>
        <location filename="../app/cli/clihelp.cpp" line="203"/>
        <source>Example:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="189"/>
        <source>Sextant&apos;s workspace work from the command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="192"/>
        <source>Sextant without its window: the workspace&apos;s nightly and scripted work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clihelp.cpp" line="206"/>
        <source>Every command takes these:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="66"/>
        <source>Cannot write the man page to “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="80"/>
        <source>Generate the demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="170"/>
        <source>Name a command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climain.cpp" line="170"/>
        <source>Unknown command “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="43"/>
        <source>Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="53"/>
        <source>map takes no arguments; name the files with --csv and --png.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="57"/>
        <source>Name at least one file to write: --csv FILE, --png FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="60"/>
        <source>--size is WIDTHxHEIGHT in pixels, each 200 to 8000, such as 1600x1200.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="71"/>
        <source>--source is memories, freelancers or jobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="78"/>
        <source>--projection is neighbours or pca.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="89"/>
        <source>--k needs a whole number of at least 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="91"/>
        <source>--clustering is kmeans-auto, kmeans (with --k) or density.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="102"/>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="127"/>
        <source>Map run %1 (%2%3): %4 points in %5 clusters, %6 noise points; wrote %7 in %8 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="129"/>
        <source>, reused: the data did not change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="148"/>
        <source>Cluster and lay out the embeddings; write the points as CSV and the map as PNG.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="150"/>
        <source>Projects the embeddings of the memories (or freelancers, or jobs) to two dimensions, clusters them, names each cluster by its keywords and saves the run in the workspace, as the Map page does; an earlier run with the same parameters on unchanged data is reused. Writes every point (id, x, y, cluster, label) as CSV and the map with its cluster labels and legend as PNG.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="155"/>
        <source>Write the points here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="156"/>
        <source>Write the picture here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="157"/>
        <source>The picture&apos;s size in pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="159"/>
        <source>memories, freelancers or jobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="161"/>
        <source>neighbours (a neighbour layout) or pca.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="164"/>
        <source>kmeans-auto (k by silhouette), kmeans (with --k) or density.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="166"/>
        <source>Clusters for --clustering kmeans.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climapcommands.cpp" line="168"/>
        <source>Seed of the layout and the clustering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="18"/>
        <source>%1 needs an id such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427, not “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="30"/>
        <source>match takes no arguments; name jobs with --job or a freelancer with --freelancer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="39"/>
        <source>Match jobs (--job) or one freelancer (--freelancer), not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="41"/>
        <source>A freelancer run takes one --freelancer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="57"/>
        <source>--version needs the id of a matching version (the Model registry page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="64"/>
        <source>Match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="69"/>
        <source>Match run %1 (version %2): %3 queries, %4 pairs scored, %5 proposals written in %6 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="88"/>
        <source>Propose freelancers for open jobs (a match run).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="89"/>
        <source>Runs the matching engine with the active matching version (or --version): for every open job by default, for the jobs named with --job, or open jobs for one --freelancer. The run is recorded with its counts and timings; its proposals replace the earlier ones of the same jobs only when the run completes, so Ctrl+C leaves the earlier proposals current.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="96"/>
        <source>Match this job (repeat for several).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="98"/>
        <source>Find open jobs for this freelancer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climatchcommands.cpp" line="99"/>
        <source>Use this matching version instead of the active one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="27"/>
        <source>line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="27"/>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="35"/>
        <source>import needs exactly one FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="39"/>
        <source>--format is jsonl, csv or yaml.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="42"/>
        <source>--mode is all (any problem writes nothing) or valid (skip bad rows).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="44"/>
        <source>There is no file %1 to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="47"/>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="61"/>
        <source>%1 has %2 rows that cannot be imported:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="65"/>
        <source>  … and %1 more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="68"/>
        <source>Nothing was imported. Fix those rows, or add --mode valid to import the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="76"/>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="86"/>
        <location filename="../app/cli/climemorycommands.cpp" line="134"/>
        <source>%1 rows/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="89"/>
        <source>Imported %1 memories, %2 evaluations and %3 links from %4; %5 rows skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="104"/>
        <source>export needs exactly one FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="114"/>
        <source>--format is jsonl or csv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="124"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="138"/>
        <source>Exported %1 memories to %2 (%3 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="148"/>
        <source>Import memories from JSONL, CSV or EUMAS YAML.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="149"/>
        <source>Reads and checks every row of FILE first (ids already in the workspace and links to unknown memories are problems too), lists the rows that cannot be imported on stderr, then writes the memories with their evaluations and links in one transaction. Ctrl+C rolls the whole import back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="154"/>
        <source>A .jsonl/.ndjson, .csv or .yaml/.yml file in the shapes export writes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="157"/>
        <source>jsonl, csv or yaml; by the file&apos;s extension when left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="159"/>
        <source>all: any problem writes nothing; valid: import the valid rows and skip the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="167"/>
        <source>Export memories to JSONL or CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="168"/>
        <source>Writes every memory, one per line (JSONL: with its evaluations and outgoing links; CSV: the memory&apos;s columns), in the shapes import reads back. The file appears only when the export is complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="171"/>
        <source>Where to write; replaced if it exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="173"/>
        <source>jsonl or csv; by the file&apos;s extension when left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="175"/>
        <source>Include the embedding vectors (JSONL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/climemorycommands.cpp" line="176"/>
        <source>Leave archived memories out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliprogress.cpp" line="87"/>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="61"/>
        <location filename="../app/cli/clireviewcommands.cpp" line="64"/>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="70"/>
        <source>undefined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="76"/>
        <source>review-export needs exactly one FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="83"/>
        <source>--format is csv or jsonl.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="86"/>
        <source>--agreement needs a file of its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="102"/>
        <source>Wrote %1 decisions in force to %2 (%3 approved, %4 rejected, %5 flagged).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="115"/>
        <source>Agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="122"/>
        <source>Wrote the agreement of %1 doubly reviewed items to %2: Fleiss&apos; κ %3, Krippendorff&apos;s α %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="138"/>
        <source>Export the review decisions in force (and the reviewers&apos; agreement).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="139"/>
        <source>Writes every level-1 and level-2 review decision in force (undone decisions left out), oldest first: decision id, proposal (match) id, level, reviewer, decision, reason code, note and time (UTC). With --agreement it also writes the agreement report as CSV: Fleiss&apos; kappa and Krippendorff&apos;s alpha with bootstrap intervals, the pairwise agreement and each reviewer&apos;s counts. Reads only; each file appears only when complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="145"/>
        <source>Where to write the decisions (.csv or .jsonl).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="147"/>
        <source>csv or jsonl; by the FILE&apos;s extension when left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/clireviewcommands.cpp" line="149"/>
        <source>Also write the agreement report (CSV) here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="27"/>
        <source>Work on this SQLite workspace file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="29"/>
        <source>Work on the PostgreSQL workspace of this saved connection profile (File → Connect in the window).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="33"/>
        <source>Work on this PostgreSQL workspace: a postgresql:// URI or &quot;host=… port=… dbname=… user=…&quot;. It must not hold a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="44"/>
        <source>Name one workspace: --workspace, --profile or --connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="53"/>
        <source>The connection string holds a password, which other users of this computer could read in the process list. Remove it: sextant-cli takes the password from the keychain, from PGPASSWORD or from a prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="67"/>
        <source>There is no saved connection profile called “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspace.cpp" line="93"/>
        <source>Password for %1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="52"/>
        <source>status takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="65"/>
        <source>Workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="67"/>
        <source>Schema version: %1 (current)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="68"/>
        <source>Schema version: %1 of %2; pending migrations: %3 (run `sextant-cli migrate`)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="74"/>
        <source>Rows:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="74"/>
        <source>Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="75"/>
        <source>Archived memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="76"/>
        <source>Evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="76"/>
        <source>Links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="77"/>
        <source>Freelancers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="77"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="78"/>
        <source>Open jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="78"/>
        <source>Proposed matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="79"/>
        <source>Match reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="80"/>
        <source>Bias reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="81"/>
        <source>Pending work:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="82"/>
        <source>Memories without an embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="83"/>
        <source>Memories without an evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="84"/>
        <source>Open jobs without proposals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="85"/>
        <source>Proposals without a review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="86"/>
        <source>Match runs still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="106"/>
        <source>migrate takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="115"/>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="131"/>
        <source>%1 is up to date at schema version %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="126"/>
        <source>Applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="132"/>
        <source>%1 is now at schema version %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="143"/>
        <source>Schema version, row counts and pending work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="144"/>
        <source>Prints the workspace&apos;s schema version (and the migrations a server still needs), how many rows each part holds, and the work still waiting: memories without an embedding or an evaluation, open jobs without proposals, proposals nobody has reviewed, match runs still marked running. Reads only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="154"/>
        <source>Apply pending schema migrations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/cliworkspacecommands.cpp" line="155"/>
        <source>Brings the workspace&apos;s schema up to date, all pending steps in one transaction: a failure leaves the database as it was. Needs a role that may create tables (an administrator). A workspace file is brought up to date whenever it is opened.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClusterListModel</name>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="34"/>
        <source>Noise (no cluster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="144"/>
        <source>Points the density clustering left out of every cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="145"/>
        <source>Cluster %1: %2
Keywords: %3
Double-click to rename.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="149"/>
        <source>Mean cosine similarity of the members to their centre (1 = identical)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="182"/>
        <source>%1: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="184"/>
        <source>%1: no evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="193"/>
        <source>Mean archetype metrics over the cluster
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="205"/>
        <source>Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="207"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="209"/>
        <source>Cohesion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="211"/>
        <source>Archetypes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/map/clusterlistmodel.cpp" line="214"/>
        <source>Mean metrics of each archetype over the cluster, M O D X H R A F from left to right</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClusterRunStore</name>
    <message>
        <location filename="../services/map/clusterrunstore.cpp" line="95"/>
        <source>A cluster run needs one cluster and one x and y per point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/clusterrunstore.cpp" line="172"/>
        <source>The cluster run has no id or inconsistent points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/clusterrunstorereads.cpp" line="25"/>
        <source>There is no cluster run %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/clusterrunstorereads.cpp" line="32"/>
        <source>The saved points of cluster run %1 are damaged.</source>
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
        <location filename="../app/commandline.cpp" line="41"/>
        <source>Open this PostgreSQL workspace instead of the demo: a postgresql:// URI or &quot;host=… user=…&quot;. Without a password in it, PGPASSWORD is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="46"/>
        <source>Apply the pending migrations to the --connect workspace without asking, then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="49"/>
        <source>Write the demo data set (6,000 memories, 2,000 freelancers, 420 jobs; --seed applies) into the --connect database, which must be empty, then exit. Add --migrate to create the schema first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="63"/>
        <source>--seed needs a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="67"/>
        <source>--generate-demo needs a positive count.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="69"/>
        <source>--generate-demo needs --output FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="73"/>
        <source>Use either --workspace or --connect, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="83"/>
        <source>--migrate needs --connect CONNECTION.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="86"/>
        <source>--publish-demo needs --connect CONNECTION.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="31"/>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="33"/>
        <source>Connect to PostgreSQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="35"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="44"/>
        <source>No keychain is available: the password is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="76"/>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="77"/>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="79"/>
        <source>Cancel test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="127"/>
        <source>The settings changed since the last test: test again to connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="136"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="144"/>
        <source>The test was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="162"/>
        <source>Connected, but Sextant cannot use this database as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="164"/>
        <source>Connected. Review and apply the pending migrations before connecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="166"/>
        <source>Connected. Sextant can use this database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="173"/>
        <source>The test failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectiondialog.cpp" line="213"/>
        <source>Test the connection first: Sextant connects to an up-to-date schema only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="35"/>
        <source>Supabase %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="58"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="67"/>
        <source>Needed for verify-ca and verify-full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="76"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="77"/>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="78"/>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="79"/>
        <source>&amp;Database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="80"/>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="81"/>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="82"/>
        <source>&amp;SSL mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="83"/>
        <source>&amp;Root certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="111"/>
        <source>postgresql://user:password@host:5432/database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="114"/>
        <source>Fill &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="116"/>
        <source>Fill the fields below from a connection string, such as the one Supabase shows under Connect (direct connection or session pooler).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="126"/>
        <source>Paste a connection string:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="206"/>
        <source>New connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="228"/>
        <source>Root certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionform.cpp" line="228"/>
        <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionProfileList</name>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="12"/>
        <source>Profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="18"/>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="20"/>
        <source>D&amp;uplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="22"/>
        <source>De&amp;lete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="33"/>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="107"/>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="169"/>
        <source>New connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="64"/>
        <source>No profile is selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="74"/>
        <source>Another profile is already called %1: rename this one to connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionprofilelist.cpp" line="148"/>
        <source>%1 (copy)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionReportView</name>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="18"/>
        <source>Test the connection to see the server, its schema and what this role may do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="21"/>
        <source>Review migrations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="36"/>
        <source>Latency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="37"/>
        <source>Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="38"/>
        <source>pgvector:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="39"/>
        <source>Embeddings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="40"/>
        <source>Schema:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="41"/>
        <source>Migrations:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="42"/>
        <source>Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="43"/>
        <source>Privileges:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="46"/>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="46"/>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="97"/>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="102"/>
        <source>version %1 installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="104"/>
        <source>available, not installed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="106"/>
        <source>not available on this server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="108"/>
        <source>vector(1536) columns (pgvector)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="108"/>
        <source>real[] arrays (without pgvector)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="110"/>
        <source>no Sextant schema yet (this build knows version %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="113"/>
        <source>version %1 (this build knows version %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="118"/>
        <source>known once the Sextant schema exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="118"/>
        <source>could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="122"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="137"/>
        <source>not readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="147"/>
        <source>Sextant cannot use this schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/connectionreportview.cpp" line="152"/>
        <source>The schema is up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connection/connectionreportview.cpp" line="157"/>
        <source>%n migration step(s) pending: they create the schema at version %1.</source>
        <translation>
            <numerusform>%n migration step pending: it creates the schema at version %1.</numerusform>
            <numerusform>%n migration steps pending: they create the schema at version %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connection/connectionreportview.cpp" line="159"/>
        <source>%n migration step(s) pending: from version %1 to %2.</source>
        <translation>
            <numerusform>%n migration step pending: from version %1 to %2.</numerusform>
            <numerusform>%n migration steps pending: from version %1 to %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CopyWriter</name>
    <message>
        <location filename="../services/db/copywriter.cpp" line="81"/>
        <source>The COPY was abandoned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="98"/>
        <source>COPY needs a PostgreSQL workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="101"/>
        <source>%1 cannot take COPY FROM STDIN (PGlite&apos;s socket server does not pass it on); nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="105"/>
        <source>The database connection is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="115"/>
        <source>Reading the columns of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="123"/>
        <source>Column %1 of %2 has the type %3, which COPY cannot write yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="134"/>
        <source>%1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="140"/>
        <source>%1 has no column %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="153"/>
        <location filename="../services/db/copywriter.cpp" line="506"/>
        <location filename="../services/db/copywriter.cpp" line="532"/>
        <source>Writing %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="173"/>
        <source>the row has more values than columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="211"/>
        <source>column %1 does not take a uuid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="224"/>
        <source>column %1 does not take text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="245"/>
        <source>column %1 does not take a list of text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="285"/>
        <source>%1 is out of range for column %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="317"/>
        <source>column %1 does not take a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="329"/>
        <source>%1 is not a finite number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="383"/>
        <source>column %1 does not take true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="404"/>
        <source>column %1 does not take a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="417"/>
        <source>column %1 does not take JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="441"/>
        <source>column %1 takes vectors of %2 dimensions, not %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="466"/>
        <source>column %1 does not take a vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="487"/>
        <location filename="../services/db/copywriter.cpp" line="516"/>
        <source>The COPY has not started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="489"/>
        <source>the row has %1 of %2 values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="493"/>
        <source>Row %1 for %2: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/copywriter.cpp" line="518"/>
        <source>The last row for %1 was not ended.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardQueries</name>
    <message>
        <location filename="../services/archetypes/dashboardbins.cpp" line="92"/>
        <source>Reading the distributions of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardbins.cpp" line="109"/>
        <source>Choose both ends of the baseline and of the recent window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardbins.cpp" line="113"/>
        <source>Each window must hold at least one whole day (UTC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardbins.cpp" line="129"/>
        <source>Reading the drift windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="40"/>
        <source>There is no archetype number %1; they are numbered 0 to 7.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="47"/>
        <source>There is no metric number %1 on the archetype dashboards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="60"/>
        <source>The window must be at least one day long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="87"/>
        <source>Reading the archetype states before the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="109"/>
        <source>Counting the evaluations in the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="124"/>
        <source>The state history holds the four metrics and the influence only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="151"/>
        <source>Reading the archetype history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="174"/>
        <source>Reading the daily evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="211"/>
        <source>Counting evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="226"/>
        <source>Counting memories waiting for evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="235"/>
        <source>Counting failed evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/dashboardqueries.cpp" line="268"/>
        <source>Reading failed evaluations</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabaseWorker</name>
    <message>
        <location filename="../services/db/databaseworker.h" line="148"/>
        <source>No workspace is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/databaseworker.h" line="70"/>
        <source>The workspace was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/databaseworker.cpp" line="31"/>
        <source>Another workspace was opened meanwhile; this result belonged to the one that was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/databaseworker.cpp" line="36"/>
        <source>Cancelled before it started; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionJournal</name>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="91"/>
        <source>Cannot create the folder %1 for the review journal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="99"/>
        <location filename="../services/review/decisionjournal.cpp" line="210"/>
        <source>Cannot open the review journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="135"/>
        <source>The review journal is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="139"/>
        <source>Cannot write the review journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/decisionjournal.cpp" line="194"/>
        <location filename="../services/review/decisionjournal.cpp" line="201"/>
        <source>Cannot rewrite the review journal %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeferredIndexes</name>
    <message>
        <location filename="../services/db/deferredindexes.cpp" line="45"/>
        <source>Dropping indexes for the load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/deferredindexes.cpp" line="62"/>
        <source>Building the index %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoGenerator</name>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="34"/>
        <location filename="../services/demo/demopublisher.cpp" line="64"/>
        <source>Generation was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="36"/>
        <source>Loading the vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="49"/>
        <source>Generating the marketplace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="58"/>
        <source>Writing the marketplace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="81"/>
        <source>Generating memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="82"/>
        <source>Writing memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demogenerator.cpp" line="106"/>
        <location filename="../services/demo/demopublisher.cpp" line="63"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoPublisher</name>
    <message>
        <location filename="../services/demo/demopublisher.cpp" line="13"/>
        <source>%1 is not empty (%2 memories, %3 jobs, %4 freelancers). Demo data is only written into an empty database, so that it never mixes with real rows; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demopublisher.cpp" line="29"/>
        <source>Your database role (%1) may not write memories; publishing demo data needs sextant_admin or the schema&apos;s owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demopublisher.cpp" line="42"/>
        <source>Publishing did not start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demopublisher.cpp" line="55"/>
        <source>Building indexes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoVocabulary</name>
    <message>
        <location filename="../services/demo/demovocabulary.cpp" line="27"/>
        <source>The demo vocabulary %1 is missing from this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/demovocabulary.cpp" line="99"/>
        <source>The demo vocabulary is incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DriftAlarmModel</name>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="53"/>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="55"/>
        <source>%1 (n %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="57"/>
        <source>%1 SD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="65"/>
        <source>alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="101"/>
        <source>%1, %2 (%3): mean %4 → %5 (%6 SD), KS D %7, p %8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="116"/>
        <source>Archetype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="118"/>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="120"/>
        <source>Model · prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="122"/>
        <source>Baseline mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="124"/>
        <source>Recent mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="126"/>
        <source>Mean shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="128"/>
        <source>KS D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="130"/>
        <source>p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="132"/>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/driftalarmmodel.cpp" line="134"/>
        <source>Alarm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmbeddingCache</name>
    <message>
        <location filename="../services/ai/embeddingcache.cpp" line="64"/>
        <source>A vector has %1 dimensions instead of %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmbeddingSet</name>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="8"/>
        <source>The embeddings do not fit together: %1 rows of %2 dimensions need %3 values, found %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="32"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="34"/>
        <source>There is nothing to compute: no rows have embeddings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="40"/>
        <source>The embedding of %1 holds a value that is not a number (NaN or infinity). Re-embed that row or exclude it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="45"/>
        <source>The parameters do not fit the data (for example more clusters than rows).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/embeddingset.cpp" line="47"/>
        <source>The computation failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluationChart</name>
    <message>
        <location filename="../ui/memories/evaluationchart.cpp" line="127"/>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2)&lt;/p&gt;&lt;p&gt;Not evaluated.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationchart.cpp" line="133"/>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; (%2): %3&lt;/p&gt;&lt;p&gt;%4&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationchart.cpp" line="136"/>
        <source>No justification given.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluationFailureModel</name>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="133"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="135"/>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="137"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="139"/>
        <source>Prompt version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="141"/>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationfailuremodel.cpp" line="143"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluationMonitorModel</name>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="56"/>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="58"/>
        <source>all models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="58"/>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="61"/>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="60"/>
        <source>all versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="109"/>
        <source>Archetype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="111"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="113"/>
        <source>Prompt version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="115"/>
        <source>Evaluated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="117"/>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/evaluationmonitormodel.cpp" line="119"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluationNotesView</name>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Archetype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Prompt version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/evaluationnotesview.cpp" line="16"/>
        <source>Annotation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluationSchema</name>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="52"/>
        <source>%1: %2 is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="54"/>
        <source>%1: %2 is not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="57"/>
        <source>%1: %2 = %3 is outside 0..1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="67"/>
        <source>%1: the record is not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="79"/>
        <source>%1: the justification of %2 is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="84"/>
        <source>%1: unknown metric &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="88"/>
        <source>%1: the annotation is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="116"/>
        <source>unknown archetype &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="118"/>
        <source>%1 was not asked for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationschema.cpp" line="123"/>
        <source>%1 is missing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluationStore</name>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="28"/>
        <source>The evaluations do not belong to one memory, one per archetype.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="33"/>
        <source>An evaluation covers all eight archetypes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="45"/>
        <source>Reading the memory&apos;s priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="47"/>
        <source>The memory %1 no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="54"/>
        <source>Replacing the memory&apos;s evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="68"/>
        <source>Updating the memory&apos;s priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="143"/>
        <source>Reading the archetype history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstore.cpp" line="164"/>
        <source>Recording a failed evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstorereads.cpp" line="31"/>
        <source>Reading failed evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstorereads.cpp" line="65"/>
        <source>Finding memories without evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/evaluationstorereads.cpp" line="102"/>
        <source>Reading memories to evaluate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExposureChart</name>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="20"/>
        <source>Mean per proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="30"/>
        <source>Build a report to compare exposure with merit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="37"/>
        <source>No ranked proposals to measure exposure on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="40"/>
        <source>Mean exposure 1/log2(1 + rank)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="42"/>
        <source>Mean merit (the engine&apos;s score)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/exposurechart.cpp" line="48"/>
        <source>%1 (ratio %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/exposurechart.cpp" line="63"/>
        <source>Exposure against merit by %1 over %n jobs (NDKL %2; rND of %3: %4)</source>
        <translation>
            <numerusform>Exposure against merit by %1 over %n job (NDKL %2; rND of %3: %4)</numerusform>
            <numerusform>Exposure against merit by %1 over %n jobs (NDKL %2; rND of %3: %4)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FairnessExport</name>
    <message>
        <location filename="../ui/fairness/fairnessexport.cpp" line="59"/>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessexport.cpp" line="79"/>
        <location filename="../ui/fairness/fairnessexport.cpp" line="126"/>
        <source>This report has nothing to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessexport.cpp" line="82"/>
        <location filename="../ui/fairness/fairnessexport.cpp" line="129"/>
        <location filename="../ui/fairness/fairnessexport.cpp" line="132"/>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessexport.cpp" line="89"/>
        <source>Fairness report: %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessFormat</name>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="19"/>
        <source>%1 (interval undefined)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="20"/>
        <source>%1 (%2–%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="28"/>
        <source>&lt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="44"/>
        <source>suppressed (n &lt; %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="52"/>
        <source>reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="54"/>
        <source>no ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="56"/>
        <source>below four-fifths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="58"/>
        <source>above 1.25</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="59"/>
        <source>within 0.8–1.25</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="65"/>
        <source>region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="67"/>
        <source>job region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="85"/>
        <source>all time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="87"/>
        <source>from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="89"/>
        <source>until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessformat.cpp" line="90"/>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessFunnelChart</name>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="30"/>
        <source>Impact ratio to the reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="41"/>
        <source>Build a report to see where a disparity enters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="82"/>
        <source>%1 (suppressed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="92"/>
        <source>Fair band 0.8–1.25</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessfunnelchart.cpp" line="110"/>
        <source>%1 across the stages: impact ratio per group</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessGroupModel</name>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="58"/>
        <source>&lt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="67"/>
        <source>%1 (reference)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="125"/>
        <source>Fewer than %1 people in this group at this stage: no figure is shown, so nobody in it can be singled out, and it is not used as the reference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="130"/>
        <source>Selected %1 of %2; 95 % Wilson interval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="132"/>
        <source>The reference group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="133"/>
        <source>This group&apos;s rate over the reference group&apos;s rate (%1); 95 % Katz log interval. Percentile bootstrap (2,000 resamples): %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="139"/>
        <source>Flagged when the ratio lies outside the fair band 0.8–1.25 (the four-fifths rule, 29 CFR 1607.4(D)).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="144"/>
        <source>Fisher&apos;s exact test against the reference, two-sided; adjusted by Holm across the groups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="145"/>
        <source>Pearson&apos;s χ² test against the reference; adjusted by Holm across the groups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="147"/>
        <source>Difference in the rate among those eventually hired (Hardt, Price &amp; Srebro 2016).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="205"/>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="207"/>
        <source>n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="209"/>
        <source>Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="211"/>
        <source>Selection rate (95 % CI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="213"/>
        <source>Impact ratio (95 % CI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="215"/>
        <source>Four-fifths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="217"/>
        <source>Parity difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="219"/>
        <source>p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="221"/>
        <source>p (Holm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="223"/>
        <source>Equal opportunity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnessgroupmodel.cpp" line="229"/>
        <source>People at this stage&apos;s input in the group</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessHistoryModel</name>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="86"/>
        <source>Built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="88"/>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="90"/>
        <source>Attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="92"/>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="94"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="96"/>
        <source>Min. n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="98"/>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/fairnesshistorymodel.cpp" line="100"/>
        <source>Data fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessHistoryView</name>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="21"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="22"/>
        <source>Compare Two</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="32"/>
        <source>Fairness history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="45"/>
        <source>Select one report to open it, or two to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="100"/>
        <source>Could not list the saved reports: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="132"/>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="133"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesshistoryview.cpp" line="146"/>
        <source>Could not open the report: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessJson</name>
    <message>
        <location filename="../services/fairness/fairnessjson.cpp" line="193"/>
        <source>The saved report&apos;s parameters name an unknown stage or reference.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessPage</name>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="51"/>
        <source>Build Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="66"/>
        <source>Fairness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="96"/>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="97"/>
        <source>Where It Enters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="98"/>
        <source>Ranking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="99"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="100"/>
        <source>Text Bias Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="110"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="113"/>
        <source>PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="115"/>
        <source>HTML…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="116"/>
        <source>CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="140"/>
        <source>A second attribute makes the groups their intersection (&quot;60+ × female&quot;); each cell is suppressed on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="142"/>
        <source>Highest rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="143"/>
        <source>Largest group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="144"/>
        <location filename="../ui/fairness/fairnesspage.cpp" line="147"/>
        <source>Chosen group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="148"/>
        <source>The reference group&apos;s label as the table spells it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="152"/>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="158"/>
        <source>Groups with fewer people are shown as suppressed, never as a rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="162"/>
        <source>The first k positions of a ranking: the Shown stage and skew@k count them. A job with fewer ranked proposals than k is not measured on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="181"/>
        <source>&amp;Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="182"/>
        <source>&amp;Attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="183"/>
        <source>&amp;Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="184"/>
        <source>&amp;From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="185"/>
        <source>&amp;To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="186"/>
        <source>&amp;Min. group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="187"/>
        <source>&amp;k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="197"/>
        <source>Exposure is the position weight 1/log2(1 + rank) averaged over a group&apos;s current proposals, merit their mean score (Singh &amp; Joachims 2018). The ratio under each group is its exposure per merit against the reference group&apos;s: below 1, the group is ranked lower than its scores warrant. NDKL (Geyik et al. 2019) is 0 when every prefix of the rankings has the groups&apos; overall shares; rND (Yang &amp; Stoyanovich 2017) is 0 when the protected group is spread evenly. On the right, the same measures on each job&apos;s own ranking: their mean, median and worst over the jobs, and the worst jobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="241"/>
        <source>Could not list the attributes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="252"/>
        <location filename="../ui/fairness/fairnesspage.cpp" line="286"/>
        <location filename="../ui/fairness/fairnesspage.cpp" line="404"/>
        <source>no intersection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="255"/>
        <location filename="../ui/fairness/fairnesspage.cpp" line="286"/>
        <source>× %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="320"/>
        <source>Choose an attribute first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="325"/>
        <source>Name the reference group, or choose the highest rate or the largest group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="330"/>
        <source>The period ends before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="346"/>
        <source>The report was not built: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="378"/>
        <source>Could not open the report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="393"/>
        <source>No report on protected attributes for this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="394"/>
        <source>Reports count people by group on the database server; even the roles that may build them never see a person&apos;s attribute here. The region stays available below, and the text bias queue does not need the attributes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="449"/>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="450"/>
        <source>HTML documents (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="451"/>
        <source>CSV tables (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="455"/>
        <source>Export the Fairness Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnesspage.cpp" line="462"/>
        <source>The report was not exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessQueries</name>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="145"/>
        <source>(not recorded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="155"/>
        <source>The database refused to read the protected audit attributes (age band, gender, …): your database role is not allowed to. Fairness reports on them need the reviewer or admin role, so that nobody else can link these attributes to people. Ask the workspace&apos;s administrator for the role, or build the report on the region, which is not protected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="165"/>
        <source>Choose an attribute to compare groups by.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="167"/>
        <source>A report compares groups of one attribute or the intersection of two, not more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="169"/>
        <source>An intersection needs two different attributes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="172"/>
        <source>&quot;%1&quot; is not an attribute name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="174"/>
        <source>The minimum group size must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="176"/>
        <source>k must be between 1 and %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="178"/>
        <source>The period starts after it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="180"/>
        <source>The Proposed stage counts people, who have no job region: choose a later stage to compare job regions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="183"/>
        <source>Choose the reference group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="196"/>
        <source>Listing the audit attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="297"/>
        <source>Counting outcomes per group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="328"/>
        <source>Counting ranking positions per group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="342"/>
        <source>Counting ranked jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="394"/>
        <source>Reading each job&apos;s ranking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessqueries.cpp" line="434"/>
        <location filename="../services/fairness/fairnessqueries.cpp" line="438"/>
        <source>Reading the jobs&apos; titles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessRateChart</name>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="31"/>
        <source>Selection rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="42"/>
        <source>Build a report to chart the selection rates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="51"/>
        <source>Selection rate, 95 % interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="70"/>
        <source>%1 (suppressed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="122"/>
        <source>Reference %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="126"/>
        <source>Four-fifths: 0.8 × %1 = %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessratechart.cpp" line="133"/>
        <source>%1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/fairnessratechart.cpp" line="136"/>
        <source> (%n suppressed groups not drawn)</source>
        <translation>
            <numerusform> (%n suppressed group not drawn)</numerusform>
            <numerusform> (%n suppressed groups not drawn)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FairnessReportBuilder</name>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="149"/>
        <source>The reference group &quot;%1&quot; has fewer than %2 members at this stage (or none), so it cannot be compared with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="404"/>
        <source>The gap for %1 at &quot;%2&quot; cannot be traced to the engine: the proposal stage does not report that group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="408"/>
        <source>The gap for %1 is already in the engine&apos;s proposals (ratio %2) and is still there at &quot;%3&quot; (ratio %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="412"/>
        <source>The gap for %1 enters at &quot;%2&quot; (ratio %3): the engine&apos;s proposals show no such gap (ratio %4), so it comes from the decisions, not from the engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessreportbuilder.cpp" line="418"/>
        <source>No stage shows a significant gap outside the fair band 0.8–1.25.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessReportView</name>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="36"/>
        <source>Groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="64"/>
        <source>reference: highest rate (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="67"/>
        <source>reference: largest group (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="70"/>
        <source>reference: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="74"/>
        <source>groups under %1 suppressed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="76"/>
        <source>decisions of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/fairnessreportview.cpp" line="86"/>
        <source>Built %1 by %2 from %n people at this stage; data fingerprint %3</source>
        <translation>
            <numerusform>Built %1 by %2 from %n person at this stage; data fingerprint %3</numerusform>
            <numerusform>Built %1 by %2 from %n people at this stage; data fingerprint %3</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessreportview.cpp" line="109"/>
        <source>No report yet: choose a stage and an attribute, then Build.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessRollup</name>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="178"/>
        <source>The final decision is not counted in the pre-aggregated cells.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="188"/>
        <source>Counting outcomes per group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="224"/>
        <source>Counting ranking positions per group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="238"/>
        <source>Counting ranked jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessrollup.cpp" line="270"/>
        <location filename="../services/fairness/fairnessrollup.cpp" line="286"/>
        <source>Reading each job&apos;s ranking</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessService</name>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="201"/>
        <source>Fairness report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="202"/>
        <location filename="../services/fairness/fairnessservice.cpp" line="60"/>
        <source>Fairness report: %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="204"/>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="204"/>
        <source>the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="205"/>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="206"/>
        <source>all time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="208"/>
        <source>Built by %1 on %2 (UTC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="209"/>
        <source>Period: %1. Reference group: %2 (%3). Minimum group size: %4. k = %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="210"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="213"/>
        <source>Decisions of every reviewer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="213"/>
        <source>Decisions of %1 only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="214"/>
        <source>Data fingerprint (sha256 of the counts): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="215"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <source>n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <source>Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>95 % CI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="222"/>
        <source>Ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>Parity diff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>p (Holm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>Equal opp. diff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="223"/>
        <source>Bootstrap 95 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="227"/>
        <source> (reference)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="230"/>
        <source>suppressed (n &lt; %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="248"/>
        <source>Ranking fairness</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessexport.cpp" line="249"/>
        <source>Current proposals of %n jobs, pooled by position. NDKL %1; rND of %2: %3.</source>
        <translation>
            <numerusform>Current proposals of %n job, pooled by position. NDKL %1; rND of %2: %3.</numerusform>
            <numerusform>Current proposals of %n jobs, pooled by position. NDKL %1; rND of %2: %3.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="108"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Ranked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Exposure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Merit (mean score)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="109"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="251"/>
        <source>Exposure/merit ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="73"/>
        <source>Per job</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessexport.cpp" line="74"/>
        <source>Each job&apos;s own ranking measured on its own: %n job(s) measured;</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="76"/>
        <source>not measured: %1 with fewer than %2 ranked proposals, %3 without a proposal of %4, %5 with nothing but %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="84"/>
        <source>Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="84"/>
        <source>Mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="84"/>
        <source>Median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="85"/>
        <source>Worst</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="85"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="91"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="108"/>
        <source>NDKL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="92"/>
        <source>rND of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="93"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="96"/>
        <source>skew@%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="94"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="98"/>
        <source>Exposure/merit ratio of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="97"/>
        <source>Exposure of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessexport.cpp" line="103"/>
        <source>In %n job(s) %1 is absent from the top %2 (skew −∞); the mean leaves them out, the median and the worst take them.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="108"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="109"/>
        <location filename="../services/fairness/fairnessexport.cpp" line="252"/>
        <source>skew@%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="109"/>
        <source>rND</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessexport.cpp" line="120"/>
        <source>%n measured job(s) not named: a group in them has fewer than %1 ranked proposals there, and a named job&apos;s measures would tell those people&apos;s attributes.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="263"/>
        <source>Definitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessexport.cpp" line="264"/>
        <source>Rates with Wilson (1927) score intervals; ratios to the reference with the Katz et al. (1978) log interval and a percentile bootstrap (2,000 resamples, seeded from the counts); the four-fifths rule (29 CFR 1607.4(D)) with the fair band 0.8–1.25; Fisher&apos;s exact test where an expected count is below 5, else Pearson&apos;s χ², Holm (1979) across groups; equal opportunity after Hardt, Price &amp; Srebro (2016) with hiring as the outcome. Exposure 1/log2(1 + rank) after Singh &amp; Joachims (2018); skew@k and NDKL after Geyik, Ambler &amp; Kenthapadi (2019); rND after Yang &amp; Stoyanovich (2017), cut every 10 positions (every 2 in rankings shorter than 20). Groups under the minimum size are suppressed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="25"/>
        <source>The fairness service was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="30"/>
        <source>The fairness report was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="102"/>
        <source>Counting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="114"/>
        <source>Counting ranking positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="123"/>
        <source>Reading each job&apos;s ranking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="167"/>
        <source>Saving the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="189"/>
        <source>Bias scan with the word lists and the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="189"/>
        <source>Bias scan with the word lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="227"/>
        <source>Reading the texts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessservice.cpp" line="248"/>
        <source>Checking %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/fairness/fairnessservice.cpp" line="298"/>
        <source>The bias scan was cancelled after %n items; those are saved.</source>
        <translation>
            <numerusform>The bias scan was cancelled after %n item; it is saved.</numerusform>
            <numerusform>The bias scan was cancelled after %n items; those are saved.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FairnessStageView</name>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="20"/>
        <source>Each stage compares the groups among the people who reached it. A ratio that is fair at the engine&apos;s proposals and falls below 0.8 at an approval shows the gap enters with the decisions, not with the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="24"/>
        <source>Stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="70"/>
        <source>rate %1 · reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="72"/>
        <source>rate %1 · ratio %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/fairnessstageview.cpp" line="74"/>
        <source>Impact ratio %1, p (Holm) %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FairnessStore</name>
    <message>
        <location filename="../services/fairness/fairnessstore.cpp" line="49"/>
        <location filename="../services/fairness/fairnessstore.cpp" line="57"/>
        <source>Saving the fairness report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessstore.cpp" line="68"/>
        <source>Listing the saved fairness reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessstore.cpp" line="88"/>
        <location filename="../services/fairness/fairnessstore.cpp" line="91"/>
        <source>Reading the fairness report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/fairnessstore.cpp" line="93"/>
        <source>There is no saved fairness report with this id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterChip</name>
    <message>
        <location filename="../ui/memories/filterchip.cpp" line="15"/>
        <source>Click to change this condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchip.cpp" line="21"/>
        <source>Remove this condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchip.cpp" line="22"/>
        <source>Remove %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterChipEditor</name>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="43"/>
        <source>Filter by creation date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="45"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="46"/>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="62"/>
        <source>Filter by tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="62"/>
        <source>Filter by tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="71"/>
        <source>Another tag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="71"/>
        <source>Another tone…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="72"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="88"/>
        <source>Memories with any of these tags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="88"/>
        <source>Memories in any of these tones:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="96"/>
        <source>Filter by session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="96"/>
        <source>Filter by user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="98"/>
        <source>Session id, exactly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="98"/>
        <source>User id, exactly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="100"/>
        <source>Session:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="100"/>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="104"/>
        <source>Filter by priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="105"/>
        <source>At least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="106"/>
        <source>At most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="111"/>
        <source>Stored priority, or its manual override:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="116"/>
        <source>Filter by archetype metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="129"/>
        <source>Archetype:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="130"/>
        <source>Metric:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="131"/>
        <source>At least:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="135"/>
        <source>Filter by cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="147"/>
        <source>Cluster run:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="148"/>
        <source>Cluster:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/filterchipeditor.cpp" line="155"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobRankingModel</name>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="45"/>
        <source>The job whose own ranking is measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="47"/>
        <source>How many current proposals the job&apos;s ranking holds (all groups together)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="49"/>
        <source>NDKL (Geyik et al. 2019): how far each prefix of the job&apos;s ranking strays from the groups&apos; shares in the whole ranking, weighted towards the top. 0 = every prefix has the same shares; larger is worse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="53"/>
        <source>rND of %1 (Yang &amp; Stoyanovich 2017): the gap between %1&apos;s share in the ranking&apos;s prefixes and its overall share, scaled so that 0 = spread evenly and 1 = all at the top or all at the bottom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="57"/>
        <source>skew@%1 of %2 (Geyik et al. 2019): ln(share of %2 among the first %1 / its share in the whole ranking). 0 = as often in the top %1 as in the ranking, negative = less often, −∞ = absent from the top %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="63"/>
        <source>Exposure/merit ratio of %1 (Singh &amp; Joachims 2018): its mean exposure 1/log2(1 + rank) per mean score, against the reference group&apos;s in the same job. 1 = exposure in proportion to merit, below 1 = ranked lower than its scores warrant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="130"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="132"/>
        <source>Ranked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="134"/>
        <source>NDKL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="136"/>
        <source>rND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="138"/>
        <source>skew@%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fairness/jobrankingmodel.cpp" line="140"/>
        <source>Exposure/merit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LearningChart</name>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="39"/>
        <source>Precision@k (replay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="41"/>
        <source>NDCG@k (replay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="43"/>
        <source>ROC AUC (replay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="45"/>
        <source>Cross-validated AUC (fit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="47"/>
        <source>Cross-validated log-loss (fit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="57"/>
        <source>Select one version to chart its learning metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="76"/>
        <source>No learning metrics for %1 yet: replay it or suggest weights from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/learningchart.cpp" line="98"/>
        <source>Learning metrics of %1 over time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LearningStore</name>
    <message>
        <location filename="../services/matching/learningstore.cpp" line="22"/>
        <source>Reading match reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/learningstore.cpp" line="44"/>
        <source>A learning metric needs a model version and a type; nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/learningstore.cpp" line="55"/>
        <location filename="../services/matching/learningstore.cpp" line="70"/>
        <source>Saving learning metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/learningstore.cpp" line="85"/>
        <source>Reading learning metrics</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinksTree</name>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Archetype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="19"/>
        <source>Other memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="26"/>
        <source>Double-click a link to open the memory on the other end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="46"/>
        <source>Outgoing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="46"/>
        <source>Incoming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/linkstree.cpp" line="54"/>
        <source>Origin: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LlmBiasDetector</name>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="100"/>
        <source>The model&apos;s answer does not follow the schema (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="118"/>
        <source>The model quoted &quot;%1&quot;, which is not in the text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="134"/>
        <source>No OpenAI connection is set up, so the model could not check the text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="155"/>
        <location filename="../services/fairness/biasdetector.cpp" line="173"/>
        <source>The OpenAI connection was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="168"/>
        <source>The scan was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="178"/>
        <source>The model declined to check the text: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="180"/>
        <source>The model&apos;s answer was cut off before its JSON was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/fairness/biasdetector.cpp" line="184"/>
        <source>The model&apos;s answer is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="173"/>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="176"/>
        <source>Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="177"/>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="178"/>
        <source>Archetypes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="179"/>
        <source>Matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="180"/>
        <source>Model registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="181"/>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="182"/>
        <source>Fairness</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/mainwindow.cpp" line="213"/>
        <source>%n decisions waiting to be saved</source>
        <translation>
            <numerusform>%n decision waiting to be saved</numerusform>
            <numerusform>%n decisions waiting to be saved</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="231"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="234"/>
        <source>Connect to &amp;PostgreSQL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="240"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="246"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="249"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="252"/>
        <source>&amp;Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="252"/>
        <source>Ma&amp;p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="253"/>
        <source>&amp;Archetypes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="253"/>
        <source>Matc&amp;hes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="254"/>
        <source>Model &amp;Registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="254"/>
        <source>Re&amp;view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="255"/>
        <source>&amp;Fairness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="269"/>
        <source>&amp;Tasks Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="278"/>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="279"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="284"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="285"/>
        <source>&amp;Keyboard Shortcuts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="290"/>
        <source>&amp;About Sextant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="293"/>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="344"/>
        <source>Decisions waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/mainwindow.cpp" line="345"/>
        <source>%n review decisions are not in the database yet. They are kept on this computer and sent at the next start. Quit now?</source>
        <translation>
            <numerusform>%n review decision is not in the database yet. It is kept on this computer and sent at the next start. Quit now?</numerusform>
            <numerusform>%n review decisions are not in the database yet. They are kept on this computer and sent at the next start. Quit now?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="442"/>
        <source>Could not count the workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="448"/>
        <source>Signed in as %1.
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="484"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="504"/>
        <source>About Sextant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="505"/>
        <source>&lt;h3&gt;Sextant %1&lt;/h3&gt;&lt;p&gt;A desktop operator console for the EUMAS memory system and the 8thDegree freelancer marketplace: browse memories with their archetype evaluations, priorities and links, and follow the archetypes&apos; state over time.&lt;/p&gt;&lt;p&gt;License: MIT&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaintenanceDialog</name>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="35"/>
        <source>Older than</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="37"/>
        <source>Priority after decay below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="39"/>
        <source>Near-duplicates at cosine ≥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="41"/>
        <source>Preview pruning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="42"/>
        <source>Preview decay pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="46"/>
        <source>Restore this batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="48"/>
        <source>Memory maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="52"/>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="64"/>
        <source>Pruning policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="66"/>
        <source>Archives memories that meet every rule checked above the line, and the weaker of each pair of near-duplicates (the lower priority after decay, then the older). Long-term and core memories are never pruned. Archiving is soft: the batch can be restored in one click.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="88"/>
        <source>Choose a policy and preview it; nothing changes before you confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialog.cpp" line="101"/>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="16"/>
        <source>old</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="18"/>
        <source>low priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="20"/>
        <source>near-duplicate (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="33"/>
        <source>Check at least one rule to preview.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="53"/>
        <source>Reading the memories…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="59"/>
        <source>Could not read the memories: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="62"/>
        <source>Computing the preview…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="65"/>
        <source>Decay pass preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="79"/>
        <source>Pruning preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="95"/>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="126"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="95"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="95"/>
        <source>Priority after decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="95"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="106"/>
        <source>Keeps %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="111"/>
        <source>%n memories would be archived, of %1 scanned: %2 old, %3 low priority, %4 near-duplicates. %5 long-term or core memories matched and are kept.</source>
        <translation>
            <numerusform>%n memory would be archived, of %1 scanned: %2 old, %3 low priority, %4 near-duplicates. %5 long-term or core memories matched and are kept.</numerusform>
            <numerusform>%n memories would be archived, of %1 scanned: %2 old, %3 low priority, %4 near-duplicates. %5 long-term or core memories matched and are kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="119"/>
        <source>Archive %n memories</source>
        <translation>
            <numerusform>Archive %n memory</numerusform>
            <numerusform>Archive %n memories</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="126"/>
        <source>Priority now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="126"/>
        <source>After the pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="126"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="140"/>
        <source>The decay pass would lower the stored priority of %n memories, of %1 scanned. %2 long-term, core or overridden memories never decay.</source>
        <translation>
            <numerusform>The decay pass would lower the stored priority of %n memory, of %1 scanned. %2 long-term, core or overridden memories never decay.</numerusform>
            <numerusform>The decay pass would lower the stored priority of %n memories, of %1 scanned. %2 long-term, core or overridden memories never decay.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="145"/>
        <source>Write %n priorities</source>
        <translation>
            <numerusform>Write %n priority</numerusform>
            <numerusform>Write %n priorities</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="156"/>
        <source>Archive pruned memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="156"/>
        <source>Decay pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="160"/>
        <source>Nothing was changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="162"/>
        <source>Archived %n memories as one batch.</source>
        <translation>
            <numerusform>Archived %n memory as one batch.</numerusform>
            <numerusform>Archived %n memories as one batch.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="163"/>
        <source>Lowered the priority of %n memories as one batch.</source>
        <translation>
            <numerusform>Lowered the priority of %n memory as one batch.</numerusform>
            <numerusform>Lowered the priority of %n memories as one batch.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="166"/>
        <source>%n changed since the preview and were left as they are.</source>
        <translation>
            <numerusform>%n changed since the preview and was left as it is.</numerusform>
            <numerusform>%n changed since the preview and were left as they are.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="169"/>
        <source>Restore this batch to undo it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="188"/>
        <source>Could not restore the batch: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/maintenancedialogrun.cpp" line="190"/>
        <source>Restored %n memories of the batch.</source>
        <translation>
            <numerusform>Restored %n memory of the batch.</numerusform>
            <numerusform>Restored %n memories of the batch.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapData</name>
    <message>
        <location filename="../services/map/mapdata.cpp" line="87"/>
        <source>Fingerprinting the map&apos;s data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="101"/>
        <source>There is nothing to map: no unarchived memory has an embedding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="104"/>
        <source>There is nothing to map: no memory matching the filter has an embedding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="107"/>
        <source>There is nothing to map: no freelancer has an embedding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="110"/>
        <source>There is nothing to map: no job has an embedding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdata.cpp" line="180"/>
        <source>Listing the map&apos;s points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdataattributes.cpp" line="96"/>
        <location filename="../services/map/mapdataattributes.cpp" line="98"/>
        <source>Reading the map&apos;s points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdataattributes.cpp" line="184"/>
        <location filename="../services/map/mapdataattributes.cpp" line="186"/>
        <source>Reading archetype metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="113"/>
        <source>Only a map of memories can be written back as links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="116"/>
        <source>The cluster run&apos;s points are incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="127"/>
        <location filename="../services/map/mapdatalinks.cpp" line="129"/>
        <source>Checking the cluster run&apos;s memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="148"/>
        <source>Removing earlier cluster links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="154"/>
        <location filename="../services/map/mapdatalinks.cpp" line="167"/>
        <source>Writing cluster links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdatalinks.cpp" line="169"/>
        <source>Writing cluster links was cancelled; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapdatasql.h" line="60"/>
        <source>Reading the map&apos;s data was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapExport</name>
    <message>
        <location filename="../ui/map/mapexport.cpp" line="15"/>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mapexport.cpp" line="85"/>
        <source>the image could not be encoded as PNG</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../ui/map/mappage.cpp" line="38"/>
        <source>Show in Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="39"/>
        <source>Open the selected points in the memory browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="43"/>
        <source>No map yet. Choose what to map and how, then press Run.
Runs are saved in the workspace and reopen instantly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="63"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="64"/>
        <source>Show every point alike again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="124"/>
        <source>Neighbour layout keeps similar points together (like UMAP); PCA is the fastest linear view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="129"/>
        <source>k-means on the vectors (k chosen by silhouette on a sample, or yours), or density clustering of the map, which also finds points that belong to no cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="134"/>
        <source>k = </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="135"/>
        <source>Number of clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="137"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="140"/>
        <source>Compute the map as a task (Tasks panel: progress and cancel); an unchanged run is reused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="144"/>
        <source>Saved cluster runs of this workspace, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="148"/>
        <source>Score another run against this one and colour matching clusters alike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="150"/>
        <source>Map:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="157"/>
        <source>Saved runs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="159"/>
        <source>Compare with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="179"/>
        <source>What the points&apos; colours show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="180"/>
        <source>Colour: cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="181"/>
        <source>Colour: priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="182"/>
        <source>Colour: time created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="183"/>
        <source>Colour: tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="185"/>
        <source>Colour: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="203"/>
        <source>Pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="203"/>
        <source>Drag to pan, wheel to zoom, click to select a point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="205"/>
        <source>Rectangle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="205"/>
        <source>Drag a rectangle to select (or Shift+drag with Pan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="207"/>
        <source>Lasso</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="207"/>
        <source>Draw around points to select them (or Alt+drag with Pan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="210"/>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="211"/>
        <source>Show the whole map (Home)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="216"/>
        <source>Highlight points whose text contains…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="217"/>
        <source>Highlight points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="226"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="229"/>
        <source>Image (PNG)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="230"/>
        <source>Vector Image (SVG)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="231"/>
        <source>Points (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="233"/>
        <source>Write Clusters as semantic_cluster Links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="234"/>
        <source>Write Cluster Members for Other Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="261"/>
        <source>Show Cluster in Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="266"/>
        <source>Rename Cluster…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="274"/>
        <source>Point details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="275"/>
        <source>Clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappage.cpp" line="276"/>
        <source>Click a point to read it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="27"/>
        <source>Export Map as SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="27"/>
        <source>Export Map as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="29"/>
        <source>SVG images (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="29"/>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="36"/>
        <source>Map: export SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="42"/>
        <source>Map: export PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="52"/>
        <source>Export Map Points as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="52"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="58"/>
        <source>Map: export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="68"/>
        <source>Only maps of memories can be written back as memory links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="72"/>
        <source>Write semantic_cluster Links</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageexport.cpp" line="73"/>
        <source>Link every clustered memory to its cluster&apos;s most central memory (%Ln links)? Links an earlier write-back made are replaced; other links are left alone.</source>
        <translation>
            <numerusform>Link every clustered memory to its cluster&apos;s most central memory (%Ln link)? Links an earlier write-back made are replaced; other links are left alone.</numerusform>
            <numerusform>Link every clustered memory to its cluster&apos;s most central memory (%Ln links)? Links an earlier write-back made are replaced; other links are left alone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageexport.cpp" line="91"/>
        <source>Wrote %Ln semantic_cluster links.</source>
        <translation>
            <numerusform>Wrote %Ln semantic_cluster link.</numerusform>
            <numerusform>Wrote %Ln semantic_cluster links.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="81"/>
        <source>Map: write semantic_cluster links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="86"/>
        <source>The links were not written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="100"/>
        <source>cluster_members holds memories only; export this map as CSV instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="106"/>
        <source>Map: write cluster members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageexport.cpp" line="111"/>
        <source>The cluster members were not written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageexport.cpp" line="116"/>
        <source>Wrote %n cluster_members rows (run %1): the browser&apos;s Cluster filter and other tools can query them.</source>
        <translation>
            <numerusform>Wrote %n cluster_members row (run %1): the browser&apos;s Cluster filter and other tools can query it.</numerusform>
            <numerusform>Wrote %n cluster_members rows (run %1): the browser&apos;s Cluster filter and other tools can query them.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="41"/>
        <source>The two runs share no points: they map different data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="71"/>
        <source>Map: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="79"/>
        <source>The map could not be computed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="94"/>
        <source>Map: open saved run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="100"/>
        <source>The saved run could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="148"/>
        <source>Saved runs could not be listed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="154"/>
        <source>(no comparison)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappagerun.cpp" line="156"/>
        <source>%1 — %Ln points, %2</source>
        <translation>
            <numerusform>%1 — %Ln point, %2</numerusform>
            <numerusform>%1 — %Ln points, %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappagerun.cpp" line="204"/>
        <source>Adjusted Rand index %1 against “%2” (%Ln shared points); matched clusters share colours.</source>
        <translation>
            <numerusform>Adjusted Rand index %1 against “%2” (%Ln shared point); matched clusters share colours.</numerusform>
            <numerusform>Adjusted Rand index %1 against “%2” (%Ln shared points); matched clusters share colours.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="162"/>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="188"/>
        <source>Map: compare runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappagerun.cpp" line="223"/>
        <source>The cluster could not be renamed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="88"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="88"/>
        <source>Created (older → newer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="81"/>
        <source>Tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="56"/>
        <source>Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="101"/>
        <source>Map: archetype metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="113"/>
        <source>Archetype metrics could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="126"/>
        <source>no cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="128"/>
        <source>cluster %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="153"/>
        <source>Created %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="157"/>
        <source>Priority %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="159"/>
        <source>Tone: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="208"/>
        <source>%n memories selected in Memories are highlighted</source>
        <translation>
            <numerusform>%n memory selected in Memories is highlighted</numerusform>
            <numerusform>%n memories selected in Memories are highlighted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="209"/>
        <source>%n memories selected in Memories are highlighted (%1 of them on this map)</source>
        <translation>
            <numerusform>%n memory selected in Memories is highlighted (%1 of them on this map)</numerusform>
            <numerusform>%n memories selected in Memories are highlighted (%1 of them on this map)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="213"/>
        <source>%n points match the search</source>
        <translation>
            <numerusform>%n point matches the search</numerusform>
            <numerusform>%n points match the search</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="247"/>
        <source>Map: search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="267"/>
        <source>Map selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="285"/>
        <source>%n points</source>
        <translation>
            <numerusform>%n point</numerusform>
            <numerusform>%n points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/mappageview.cpp" line="286"/>
        <source>%n clusters</source>
        <translation>
            <numerusform>%n cluster</numerusform>
            <numerusform>%n clusters</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="289"/>
        <source>silhouette %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="291"/>
        <source>%1 noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="292"/>
        <source>opened saved run in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mappageview.cpp" line="292"/>
        <source>computed and saved in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapParams</name>
    <message>
        <location filename="../services/map/mapparams.cpp" line="135"/>
        <source>k-means (k = %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="138"/>
        <source>k-means (k by silhouette)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="146"/>
        <source>PCA</source>
        <comment>projection, in a run name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="146"/>
        <source>neighbour layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="147"/>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="154"/>
        <source>Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="156"/>
        <source>Filtered memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="158"/>
        <source>Freelancers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="160"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="169"/>
        <source>PCA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="171"/>
        <source>Neighbour layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="180"/>
        <source>k-means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="182"/>
        <source>k-means, automatic k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapparams.cpp" line="184"/>
        <source>density clusters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapPipeline</name>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="93"/>
        <source>A map needs at least three points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="95"/>
        <source>A map needs one id (and one text, if any) per vector.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="97"/>
        <source>A vector of the map holds a value that is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="98"/>
        <source>The map was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mappipeline.cpp" line="184"/>
        <source>The clustering of the map failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapRunInfo</name>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="17"/>
        <source>%1 → %2</source>
        <comment>k → silhouette</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="19"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="21"/>
        <source>[%1]</source>
        <comment>the chosen k in the curve</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="26"/>
        <source>k = %1, at the knee of the silhouette curve (the silhouette still rose at the top of the range)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="27"/>
        <source>k = %1, the best silhouette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="29"/>
        <source>k → silhouette: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/mapruninfo.cpp" line="36"/>
        <source>Points placed as in the saved run with the same data and projection: only the clustering is new.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapScene</name>
    <message>
        <location filename="../ui/map/mapscene.cpp" line="17"/>
        <source>Laying out the map</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapService</name>
    <message>
        <location filename="../services/map/mapservice.cpp" line="13"/>
        <source>Reading the points&apos; texts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="29"/>
        <source>Opening the saved run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="50"/>
        <source>Checking for a saved run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="81"/>
        <source>Reading the saved projection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="88"/>
        <source>Loading vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/map/mapservice.cpp" line="106"/>
        <source>Projecting and clustering %n points</source>
        <translation>
            <numerusform>Projecting and clustering %n point</numerusform>
            <numerusform>Projecting and clustering %n points</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/map/mapservice.cpp" line="132"/>
        <source>Saving the run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchCandidateModel</name>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="19"/>
        <source>Semantic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="21"/>
        <source>Skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="23"/>
        <source>Experience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="25"/>
        <source>Success rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="27"/>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="29"/>
        <source>Budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="116"/>
        <source>hired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="118"/>
        <source>applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="120"/>
        <source>viewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="164"/>
        <source>Ranked among this freelancer&apos;s jobs (a freelancer run), not among the job&apos;s candidates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="200"/>
        <source>%1: the component&apos;s value in 0–1; the bar&apos;s mark is its weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="206"/>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="208"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="208"/>
        <source>Freelancer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="210"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="212"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="214"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="216"/>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchcandidatemodel.cpp" line="218"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchDetailPanel</name>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="53"/>
        <source>&lt;b&gt;Strengths&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="55"/>
        <source>&lt;b&gt;Gaps&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="81"/>
        <source>Select a candidate to see why it ranks where it does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="105"/>
        <source>#%1 %2 — %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="106"/>
        <source>#%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="108"/>
        <source>Score %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="109"/>
        <source>confidence %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="110"/>
        <source>version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="111"/>
        <source>rate %1 against a budget of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="113"/>
        <source>hired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="115"/>
        <source>applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="117"/>
        <source>viewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="119"/>
        <source>reviewed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="123"/>
        <source>&lt;b&gt;Component&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="124"/>
        <source>&lt;b&gt;Value&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="125"/>
        <source>&lt;b&gt;Weight&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="126"/>
        <source>&lt;b&gt;Adds&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="132"/>
        <source>not stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="149"/>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="150"/>
        <source>none recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="151"/>
        <source>This freelancer&apos;s other proposals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchdetailpanel.cpp" line="151"/>
        <source>This job&apos;s candidates</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchFactors</name>
    <message numerus="yes">
        <location filename="../services/matching/matchfactors.cpp" line="53"/>
        <source>has all %n required skills</source>
        <translation>
            <numerusform>has the %n required skill</numerusform>
            <numerusform>has all %n required skills</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MatchInputLoader</name>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="117"/>
        <source>Reading open jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="126"/>
        <source>Reading jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="159"/>
        <location filename="../services/matching/matchinputs.cpp" line="168"/>
        <source>Reading freelancers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="210"/>
        <source>Reading embedding models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="233"/>
        <source>Reading embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchinputs.cpp" line="246"/>
        <source>Loading was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchJobListModel</name>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="93"/>
        <source>A bias report on this job requires review and has no decision yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="95"/>
        <source>Required skills: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="126"/>
        <source>Review pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="142"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="144"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="146"/>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="148"/>
        <source>Budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="150"/>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="152"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="154"/>
        <source>Proposals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/matchjoblistmodel.cpp" line="156"/>
        <source>Bias</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchQueries</name>
    <message>
        <location filename="../services/matching/matchqueries.cpp" line="131"/>
        <source>Reading jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchqueries.cpp" line="164"/>
        <source>Reading the job&apos;s candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchqueries.cpp" line="175"/>
        <source>Reading the freelancer&apos;s proposals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchqueries.cpp" line="190"/>
        <source>Reading match alerts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchService</name>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="124"/>
        <source>Match all open jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="125"/>
        <source>Match one freelancer to open jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/matching/matchservice.cpp" line="126"/>
        <source>Match %n jobs</source>
        <translation>
            <numerusform>Match %n job</numerusform>
            <numerusform>Match %n jobs</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="131"/>
        <location filename="../services/matching/matchservice.cpp" line="151"/>
        <location filename="../services/matching/matchservice.cpp" line="167"/>
        <source>The matching service was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="148"/>
        <source>Replay a matching version against the reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="164"/>
        <source>Suggest matching weights from the reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="184"/>
        <source>%1 is a %2 version, not a matching version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="194"/>
        <source>A run for one job or one freelancer needs exactly one id. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="196"/>
        <source>Select at least one job to match. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="197"/>
        <source>Reading the matching version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="211"/>
        <source>Loading jobs, freelancers and embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="223"/>
        <source>The match run was cancelled before it started; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="229"/>
        <source>There is no active freelancer %1. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="230"/>
        <source>There is no job %1. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="241"/>
        <source>Version %1: %2 Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="243"/>
        <source>The matching input is not valid: %1. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="254"/>
        <source>%1 is not among the loaded rows. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="279"/>
        <source>Scoring every pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="297"/>
        <location filename="../services/matching/matchservice.cpp" line="314"/>
        <source>The match run was cancelled; the earlier proposals stay current.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="302"/>
        <source>Matching failed: %1. The earlier proposals stay current.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservice.cpp" line="305"/>
        <source>Saving the proposals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="25"/>
        <source>Reading the reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="39"/>
        <source>Loading the reviewed jobs and freelancers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="46"/>
        <source>The reviewed pairs&apos; data is not valid: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="84"/>
        <location filename="../services/matching/matchservicelearning.cpp" line="124"/>
        <source>Version %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="89"/>
        <source>The replay was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="90"/>
        <source>Replaying %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="138"/>
        <source>Suggesting weights was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/matching/matchservicelearning.cpp" line="139"/>
        <source>Fitting approve against reject on %n reviews</source>
        <translation>
            <numerusform>Fitting approve against reject on %n review</numerusform>
            <numerusform>Fitting approve against reject on %n reviews</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/matching/matchservicelearning.cpp" line="144"/>
        <source>The reviews cannot support a fit: %1. Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/matching/matchservicelearning.cpp" line="162"/>
        <source>Suggested from %n reviewed proposals by logistic regression.</source>
        <translation>
            <numerusform>Suggested from %n reviewed proposal by logistic regression.</numerusform>
            <numerusform>Suggested from %n reviewed proposals by logistic regression.</numerusform>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="161"/>
        <location filename="../services/matching/matchstore.cpp" line="196"/>
        <location filename="../services/matching/matchstore.cpp" line="289"/>
        <source>Recording the match run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="187"/>
        <source>Closing interrupted match runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="190"/>
        <source>Interrupted: the client that ran it stopped or lost its database connection before it finished. No proposal of it was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="219"/>
        <source>Recording the end of the match run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="239"/>
        <source>This build writes proposals without COPY.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="257"/>
        <source>Waiting for another match run to save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="274"/>
        <source>Superseding earlier proposals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="302"/>
        <source>The match run %1 is no longer running; its proposals were not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="317"/>
        <source>Reading match runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="332"/>
        <source>Reading the match run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/matchstore.cpp" line="336"/>
        <source>There is no match run %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchesPage</name>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="38"/>
        <source>Bias review pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="44"/>
        <source>← Back to the job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="49"/>
        <source>Matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="64"/>
        <source>Show these jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="76"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="122"/>
        <source>Run Matching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="125"/>
        <source>All Open Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="126"/>
        <source>This Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="127"/>
        <source>Selected Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="132"/>
        <source>Propose freelancers for every open job with the active matching version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="168"/>
        <source>Search jobs by words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="169"/>
        <source>Search jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="171"/>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="172"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="173"/>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="173"/>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="174"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="174"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="175"/>
        <source>Dispute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="179"/>
        <source>Any region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="182"/>
        <source>Any category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="212"/>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/matchespage.cpp" line="310"/>
        <source>%n jobs have proposals out while their bias review is still pending</source>
        <translation>
            <numerusform>%n job has proposals out while its bias review is still pending</numerusform>
            <numerusform>%n jobs have proposals out while their bias review is still pending</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/matchespage.cpp" line="312"/>
        <source>%n proposals in all.</source>
        <translation>
            <numerusform>%n proposal in all.</numerusform>
            <numerusform>%n proposals in all.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="339"/>
        <source>No job matches the filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="363"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · %3 · %4 · budget %5 · needs %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="365"/>
        <source>no stated level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="367"/>
        <source>no stated skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="371"/>
        <source>A bias report on this job is waiting for review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="406"/>
        <source>&lt;b&gt;Jobs proposed to %1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="434"/>
        <source>Matching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="449"/>
        <source>Matching cancelled; the earlier proposals stay current.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="450"/>
        <source>Matching failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/matchespage.cpp" line="455"/>
        <source>Run of %1 · proposals: %2 · queries: %3 · pairs scored: %4 · version %5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoriesCuration</name>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="41"/>
        <source>Act on every memory the filter matches, not only the rows loaded or selected in the grid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="54"/>
        <source>Finding the memories that match the filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="62"/>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="68"/>
        <source>Bulk action stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="90"/>
        <source>&amp;Selected Memories (%Ln)</source>
        <translation>
            <numerusform>&amp;Selected Memory (%Ln)</numerusform>
            <numerusform>&amp;Selected Memories (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="95"/>
        <source>&amp;All %Ln Memories Matching the Filter</source>
        <translation>
            <numerusform>&amp;The %Ln Memory Matching the Filter</numerusform>
            <numerusform>&amp;All %Ln Memories Matching the Filter</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="96"/>
        <source>&amp;All Memories Matching the Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="108"/>
        <source>&amp;Import Memories…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="109"/>
        <source>JSONL, CSV or the EUMAS YAML memory shape; every row is checked before anything is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="111"/>
        <source>&amp;Export Memories…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="117"/>
        <source>Import Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="118"/>
        <source>Memory files (*.jsonl *.ndjson *.csv *.yaml *.yml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="126"/>
        <source>Imported %1, %2 and %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="127"/>
        <source>%Ln memories</source>
        <translation>
            <numerusform>%Ln memory</numerusform>
            <numerusform>%Ln memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="127"/>
        <source>%Ln evaluations</source>
        <translation>
            <numerusform>%Ln evaluation</numerusform>
            <numerusform>%Ln evaluations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriescuration.cpp" line="128"/>
        <source>%Ln links</source>
        <translation>
            <numerusform>%Ln link</numerusform>
            <numerusform>%Ln links</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="162"/>
        <source>&amp;Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="167"/>
        <source>&amp;Maintenance…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="168"/>
        <source>Decay priorities and prune old, low-priority or duplicate memories, with a preview and one-click restore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriescuration.cpp" line="178"/>
        <source>Your database role may read memories but not change them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoriesPage</name>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="54"/>
        <location filename="../ui/memories/memoriespage.cpp" line="133"/>
        <source>Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="68"/>
        <location filename="../ui/memories/memoriespage.cpp" line="326"/>
        <source>Back to all memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="16"/>
        <source>Embedding “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="26"/>
        <source>Could not search by meaning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="26"/>
        <source>no vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="31"/>
        <source>Memories closest in meaning to “%1”, within the filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="32"/>
        <source>Memories most similar to “%1”, within the filters. The offline embedder (%2) compares shared words, not meaning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespagesearch.cpp" line="45"/>
        <source>Memories most like “%1”, within the filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="76"/>
        <source>Best match first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="77"/>
        <source>Newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="78"/>
        <source>Order of a word search: by how well a memory matches the words, or by date. A click on a column header sorts by that column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="88"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="89"/>
        <source>Drop the search and every filter condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="92"/>
        <source>Import Memories…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="93"/>
        <source>JSONL, CSV or the EUMAS YAML memory shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="324"/>
        <source>More like this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="374"/>
        <source>Show the Prompt column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="397"/>
        <source>Could not load memories: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="477"/>
        <source>searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriespage.cpp" line="477"/>
        <source>%Ln similar</source>
        <translation>
            <numerusform>%Ln similar</numerusform>
            <numerusform>%Ln similar</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="479"/>
        <source>counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="479"/>
        <source>%1 matching</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriespage.cpp" line="481"/>
        <source>all %Ln loaded</source>
        <translation>
            <numerusform>all %Ln loaded</numerusform>
            <numerusform>all %Ln loaded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoriespage.cpp" line="483"/>
        <source>%Ln loaded</source>
        <translation>
            <numerusform>%Ln loaded</numerusform>
            <numerusform>%Ln loaded</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="495"/>
        <source>No memory matches the filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="496"/>
        <source>No memory matches “%1” with these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoriespage.cpp" line="498"/>
        <source>This workspace has no memories yet. Import a JSONL, CSV or YAML file to fill it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryBatchService</name>
    <message numerus="yes">
        <location filename="../services/memories/memorybatchservice.cpp" line="23"/>
        <source>%n memories written</source>
        <translation>
            <numerusform>%n memory written</numerusform>
            <numerusform>%n memories written</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/memories/memorybatchservice.cpp" line="39"/>
        <source>No memory matches the filter.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryBulk</name>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="29"/>
        <source>Pinned %n memories as long-term.</source>
        <translation>
            <numerusform>Pinned %n memory as long-term.</numerusform>
            <numerusform>Pinned %n memories as long-term.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="32"/>
        <source>Unpinned %n memories.</source>
        <translation>
            <numerusform>Unpinned %n memory.</numerusform>
            <numerusform>Unpinned %n memories.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="35"/>
        <source>Archived %n memories.</source>
        <translation>
            <numerusform>Archived %n memory.</numerusform>
            <numerusform>Archived %n memories.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="38"/>
        <source>Restored %n memories.</source>
        <translation>
            <numerusform>Restored %n memory.</numerusform>
            <numerusform>Restored %n memories.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="41"/>
        <source>Deleted %n memories (they can be restored).</source>
        <translation>
            <numerusform>Deleted %n memory (it can be restored).</numerusform>
            <numerusform>Deleted %n memories (they can be restored).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="44"/>
        <source>Purged %n memories for good.</source>
        <translation>
            <numerusform>Purged %n memory for good.</numerusform>
            <numerusform>Purged %n memories for good.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="47"/>
        <source>Tagged %n memories.</source>
        <translation>
            <numerusform>Tagged %n memory.</numerusform>
            <numerusform>Tagged %n memories.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="50"/>
        <source>Removed the tag from %n memories.</source>
        <translation>
            <numerusform>Removed the tag from %n memory.</numerusform>
            <numerusform>Removed the tag from %n memories.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="54"/>
        <source>%n already were.</source>
        <translation>
            <numerusform>%n already was.</numerusform>
            <numerusform>%n already were.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memorybulk.cpp" line="56"/>
        <source>%n no longer exist.</source>
        <translation>
            <numerusform>%n no longer exists.</numerusform>
            <numerusform>%n no longer exist.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="58"/>
        <source>Cancelled after %1 of %2; the rest is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="94"/>
        <source>Name the tag to add or remove.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="101"/>
        <source>Purging deletes memories for good and needs an administrator&apos;s role; %1 may not delete memories. Nothing was purged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="198"/>
        <source>Reading the selected memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="230"/>
        <source>Changing tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulk.cpp" line="263"/>
        <source>Changing the selected memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="46"/>
        <source>Recording the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="65"/>
        <source>Reading the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="67"/>
        <source>There is no batch %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="86"/>
        <source>A %1 batch cannot be restored in one click; run the opposite bulk action instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="93"/>
        <source>Restoring the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorybulkbatch.cpp" line="102"/>
        <source>Marking the batch restored</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryBulkActions</name>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="19"/>
        <source>Pin as long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="20"/>
        <source>Unpin long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="21"/>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="22"/>
        <source>Restore from archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="23"/>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="24"/>
        <source>Purge for good…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="25"/>
        <source>Add tag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="26"/>
        <source>Remove tag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="41"/>
        <source>Archive the memories with a reason; they can be restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="42"/>
        <source>Delete the memories from the database; this cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="20"/>
        <location filename="../ui/memories/memorybulkactions.cpp" line="53"/>
        <source>Add a tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="22"/>
        <location filename="../ui/memories/memorybulkactions.cpp" line="53"/>
        <source>Remove a tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="120"/>
        <source>Could not read the memories matching the filter: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="124"/>
        <source>No memory matches the filter; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="87"/>
        <source>Your database role (%1) may not do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="16"/>
        <source>Delete memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="33"/>
        <source>Delete %n memories? They are archived with the reason &quot;deleted by an operator&quot; and can be restored from the archive.</source>
        <translation>
            <numerusform>Delete %n memory? It is archived with the reason &quot;deleted by an operator&quot; and can be restored from the archive.</numerusform>
            <numerusform>Delete %n memories? They are archived with the reason &quot;deleted by an operator&quot; and can be restored from the archive.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactions.cpp" line="148"/>
        <source>deleted by an operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="18"/>
        <source>Purge memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="37"/>
        <source>Purge %n memories for good? Their evaluations and links go with them. This cannot be undone.</source>
        <translation>
            <numerusform>Purge %n memory for good? Its evaluations and links go with it. This cannot be undone.</numerusform>
            <numerusform>Purge %n memories for good? Their evaluations and links go with them. This cannot be undone.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionsrun.cpp" line="39"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionsrun.cpp" line="56"/>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionsrun.cpp" line="70"/>
        <source>%1 stopped: %2 What was done before stays: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="8"/>
        <source>Pin memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="10"/>
        <source>Unpin memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="12"/>
        <source>Archive memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="14"/>
        <source>Restore memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="40"/>
        <source>Tag to add to the %Ln selected memories:</source>
        <translation>
            <numerusform>Tag to add to the %Ln selected memory:</numerusform>
            <numerusform>Tag to add to the %Ln selected memories:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="42"/>
        <source>Tag to remove from the %Ln selected memories:</source>
        <translation>
            <numerusform>Tag to remove from the %Ln selected memory:</numerusform>
            <numerusform>Tag to remove from the %Ln selected memories:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="49"/>
        <source>Pin %Ln memories matching the filter as long-term? Long-term memories do not decay and are never pruned.</source>
        <translation>
            <numerusform>Pin %Ln memory matching the filter as long-term? Long-term memories do not decay and are never pruned.</numerusform>
            <numerusform>Pin %Ln memories matching the filter as long-term? Long-term memories do not decay and are never pruned.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="53"/>
        <source>Unpin %Ln memories matching the filter? They decay and may be pruned again.</source>
        <translation>
            <numerusform>Unpin %Ln memory matching the filter? It decays and may be pruned again.</numerusform>
            <numerusform>Unpin %Ln memories matching the filter? They decay and may be pruned again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="55"/>
        <source>Archive %Ln memories matching the filter? They can be restored from the archive.</source>
        <translation>
            <numerusform>Archive %Ln memory matching the filter? It can be restored from the archive.</numerusform>
            <numerusform>Archive %Ln memories matching the filter? They can be restored from the archive.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="57"/>
        <source>Restore %Ln memories matching the filter from the archive?</source>
        <translation>
            <numerusform>Restore %Ln memory matching the filter from the archive?</numerusform>
            <numerusform>Restore %Ln memories matching the filter from the archive?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="59"/>
        <source>Delete %Ln memories matching the filter? They are archived with the reason &quot;deleted by an operator&quot; and can be restored from the archive.</source>
        <translation>
            <numerusform>Delete %Ln memory matching the filter? It is archived with the reason &quot;deleted by an operator&quot; and can be restored from the archive.</numerusform>
            <numerusform>Delete %Ln memories matching the filter? They are archived with the reason &quot;deleted by an operator&quot; and can be restored from the archive.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="63"/>
        <source>Purge %Ln memories matching the filter for good? Their evaluations and links go with them. This cannot be undone.</source>
        <translation>
            <numerusform>Purge %Ln memory matching the filter for good? Its evaluations and links go with it. This cannot be undone.</numerusform>
            <numerusform>Purge %Ln memories matching the filter for good? Their evaluations and links go with them. This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="67"/>
        <source>Tag to add to the %Ln memories matching the filter:</source>
        <translation>
            <numerusform>Tag to add to the %Ln memory matching the filter:</numerusform>
            <numerusform>Tag to add to the %Ln memories matching the filter:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="69"/>
        <source>Tag to remove from the %Ln memories matching the filter:</source>
        <translation>
            <numerusform>Tag to remove from the %Ln memory matching the filter:</numerusform>
            <numerusform>Tag to remove from the %Ln memories matching the filter:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="79"/>
        <source>Pin %n memories</source>
        <translation>
            <numerusform>Pin %n memory</numerusform>
            <numerusform>Pin %n memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="81"/>
        <source>Unpin %n memories</source>
        <translation>
            <numerusform>Unpin %n memory</numerusform>
            <numerusform>Unpin %n memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="83"/>
        <source>Archive %n memories</source>
        <translation>
            <numerusform>Archive %n memory</numerusform>
            <numerusform>Archive %n memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="85"/>
        <source>Restore %n memories</source>
        <translation>
            <numerusform>Restore %n memory</numerusform>
            <numerusform>Restore %n memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="87"/>
        <source>Delete %n memories</source>
        <translation>
            <numerusform>Delete %n memory</numerusform>
            <numerusform>Delete %n memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="89"/>
        <source>Purge %n memories</source>
        <translation>
            <numerusform>Purge %n memory</numerusform>
            <numerusform>Purge %n memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="91"/>
        <source>Tag %n memories with &quot;%1&quot;</source>
        <translation>
            <numerusform>Tag %n memory with &quot;%1&quot;</numerusform>
            <numerusform>Tag %n memories with &quot;%1&quot;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memorybulkactionstexts.cpp" line="93"/>
        <source>Remove &quot;%1&quot; from %n memories</source>
        <translation>
            <numerusform>Remove &quot;%1&quot; from %n memory</numerusform>
            <numerusform>Remove &quot;%1&quot; from %n memories</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemoryConflictDialog</name>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="31"/>
        <source>This memory was changed by someone else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="46"/>
        <source>While you edited &quot;%1&quot;, it was saved again (version %2, %3). Your change was not saved. Compare the fields below and choose what to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="53"/>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="53"/>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="71"/>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="53"/>
        <source>Theirs (stored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="53"/>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="72"/>
        <source>Theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="89"/>
        <source>Already the same in both: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="93"/>
        <source>Keep mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="94"/>
        <source>Save all of your change on top of the stored version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="95"/>
        <source>Merge selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="96"/>
        <source>Save only the fields marked Mine; keep theirs for the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="97"/>
        <source>Take theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryconflictdialog.cpp" line="98"/>
        <source>Discard your change and show the stored version.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryDetailPane</name>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="120"/>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="125"/>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="142"/>
        <source>No archetype has evaluated this memory yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="144"/>
        <source>Hover a bar for the evaluator&apos;s justification.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="84"/>
        <location filename="../ui/memories/memorydetailpane.cpp" line="157"/>
        <source>Links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="61"/>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="70"/>
        <source>Bring this memory back: it is no longer deleted or archived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="82"/>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="83"/>
        <source>Evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="86"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="92"/>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="158"/>
        <source>This memory has no links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="160"/>
        <source>Add link…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="161"/>
        <source>Link this memory to another by its id (a manual link).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="162"/>
        <source>Remove link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="163"/>
        <source>Remove the selected manual link. Links the evaluators made stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="173"/>
        <source>Nearest neighbours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="177"/>
        <source>Link to selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="178"/>
        <source>Add a manual link from this memory to the selected neighbour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="223"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="231"/>
        <location filename="../ui/memories/memorydetailpanegone.cpp" line="24"/>
        <source>Could not load this memory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpane.cpp" line="267"/>
        <source>Select a memory to see its text, evaluations and links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="25"/>
        <source>This memory has no stored embedding, so it has no neighbours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="28"/>
        <source>The %1 memories closest by stored embedding (cosine similarity).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="35"/>
        <source>Could not find the neighbours: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="122"/>
        <source>Add a manual link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="123"/>
        <source>Id of the memory to link to (copy it from the JSON tab of that memory):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpaneedit.cpp" line="128"/>
        <source>&quot;%1&quot; is not a memory id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpanegone.cpp" line="20"/>
        <source>This memory was deleted for good; it can no longer be restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpanegone.cpp" line="32"/>
        <source>This memory was deleted or archived, so the grid no longer lists it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memorydetailpanegone.cpp" line="53"/>
        <source>Could not restore this memory: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryEdit</name>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="149"/>
        <location filename="../services/memories/memoryedit.cpp" line="168"/>
        <source>Edit memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="152"/>
        <source>Edit tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="154"/>
        <source>Edit summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="156"/>
        <source>Pin as long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="156"/>
        <source>Unpin long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="158"/>
        <source>Mark as core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="158"/>
        <source>Unmark core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="160"/>
        <source>Override priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="160"/>
        <source>Clear priority override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="162"/>
        <source>Edit annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="164"/>
        <source>Remove link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="164"/>
        <source>Add link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="164"/>
        <source>Edit links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="175"/>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="177"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="179"/>
        <source>Long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="181"/>
        <source>Core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="183"/>
        <source>Priority override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="185"/>
        <source>Annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="187"/>
        <source>Manual links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="199"/>
        <location filename="../services/memories/memoryedit.cpp" line="207"/>
        <location filename="../services/memories/memoryedit.cpp" line="218"/>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="203"/>
        <location filename="../services/memories/memoryedit.cpp" line="205"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryedit.cpp" line="203"/>
        <location filename="../services/memories/memoryedit.cpp" line="205"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryEditPanel</name>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="15"/>
        <source>Curation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="18"/>
        <source>Long-term (pinned, never decays or gets pruned)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="19"/>
        <source>Core memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="20"/>
        <source>Override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="24"/>
        <source>Save annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="29"/>
        <source>One line that says what this memory is about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="31"/>
        <source>Comma-separated, for example: garden, tomato</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="32"/>
        <source>Press Enter or leave the field to save the tags.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="37"/>
        <source>An operator&apos;s priority, shown as an override; the computed priority is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="43"/>
        <source>The evaluator&apos;s annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="71"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="72"/>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="73"/>
        <source>Flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="74"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditpanel.cpp" line="75"/>
        <source>Annotation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryEditStack</name>
    <message>
        <location filename="../ui/memories/memoryeditstack.cpp" line="17"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditstack.cpp" line="24"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryeditstack.cpp" line="88"/>
        <source>Could not save the change: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryEditor</name>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="61"/>
        <source>The edit names no memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="81"/>
        <source>The memory changed while saving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="119"/>
        <source>A priority override must lie between 0 and 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="123"/>
        <source>A tag cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="131"/>
        <source>%1 has not evaluated this memory, so it has no annotation to edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="136"/>
        <source>A memory cannot link to itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="140"/>
        <source>The link target %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="178"/>
        <source>Saving the memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="194"/>
        <source>Saving an annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryeditor.cpp" line="211"/>
        <source>Removing a link</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryEmbeddingStore</name>
    <message>
        <location filename="../services/memories/memoryembeddingstore.cpp" line="84"/>
        <source>The model %1 returned %2-dimension vectors, but memories hold %3 dimensions. Set the embedding dimensions to %3 in the AI settings (text-embedding-3 models can shorten their vectors). Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryExport</name>
    <message>
        <location filename="../services/memories/memoryexport.cpp" line="123"/>
        <source>Could not create %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryexport.cpp" line="130"/>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryExport::Writer</name>
    <message>
        <location filename="../services/memories/memoryexport.cpp" line="69"/>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryexport.cpp" line="79"/>
        <source>Could not write the export: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryExportDialog</name>
    <message numerus="yes">
        <location filename="../ui/memories/memoryexportdialog.cpp" line="27"/>
        <source>The %n selected memory(s)</source>
        <translation>
            <numerusform>The %n selected memory</numerusform>
            <numerusform>The %n selected memories</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="28"/>
        <source>The memories matching the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="29"/>
        <source>All memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="31"/>
        <source>Include embeddings (about 15 KB per memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="32"/>
        <source>Include archived memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="35"/>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="37"/>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="106"/>
        <source>Export Memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="40"/>
        <source>The filter decides about archived memories, too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="43"/>
        <source>JSON Lines (memories with evaluations and links)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="44"/>
        <source>CSV (memory columns)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="52"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="65"/>
        <source>Memories:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="66"/>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="68"/>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryexportdialog.cpp" line="88"/>
        <source>The %Ln memories matching the filter</source>
        <translation>
            <numerusform>The %Ln memory matching the filter</numerusform>
            <numerusform>The %Ln memories matching the filter</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="107"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="107"/>
        <source>JSON Lines files (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="126"/>
        <source>Export memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="128"/>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryexportdialog.cpp" line="134"/>
        <source>Nothing was exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryexportdialog.cpp" line="138"/>
        <source>Exported %Ln memories to %1.</source>
        <translation>
            <numerusform>Exported %Ln memory to %1.</numerusform>
            <numerusform>Exported %Ln memories to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemoryFilter</name>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="104"/>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="106"/>
        <source>Text: “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="110"/>
        <source>Created %1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="112"/>
        <source>Created from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="114"/>
        <source>Created until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="118"/>
        <source>Tag: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="120"/>
        <source>Tone: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="122"/>
        <source>Session: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="124"/>
        <source>User: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="128"/>
        <source>Priority %1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="131"/>
        <source>Priority ≥ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="133"/>
        <source>Priority ≤ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="137"/>
        <source>Long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="137"/>
        <source>Not long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="139"/>
        <source>Core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="139"/>
        <source>Not core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="142"/>
        <source>Archived only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="142"/>
        <source>Including archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="146"/>
        <source>%1 %2 ≥ %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="153"/>
        <source>Cluster %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryfilter.cpp" line="156"/>
        <source>Chosen memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memoryfilter.cpp" line="157"/>
        <source>%1: %n memories</source>
        <translation>
            <numerusform>%1: %n memory</numerusform>
            <numerusform>%1: %n memories</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemoryFilterBar</name>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="31"/>
        <source>Search memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="36"/>
        <source>Words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="37"/>
        <source>Meaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="38"/>
        <source>Find memories that contain these words (or words starting with them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="46"/>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="47"/>
        <source>Add a condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="67"/>
        <source>Clear all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="121"/>
        <source>Created between…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="122"/>
        <source>Tags…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="123"/>
        <source>Tone…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="124"/>
        <source>Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="125"/>
        <source>User…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="126"/>
        <source>Priority…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="127"/>
        <source>Archetype metric…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="128"/>
        <source>Cluster…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="146"/>
        <source>Long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="146"/>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="147"/>
        <source>Any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="146"/>
        <source>Only long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="146"/>
        <source>Not long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="147"/>
        <source>Core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="147"/>
        <source>Only core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="147"/>
        <source>Not core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="149"/>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="149"/>
        <source>Include archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="149"/>
        <source>Only archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="149"/>
        <source>Hide archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="174"/>
        <source>Describe what you are looking for, then press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="175"/>
        <source>Search memories by words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="194"/>
        <source>Save a cluster run first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="205"/>
        <source>Find the memories closest in meaning (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryfilterbar.cpp" line="206"/>
        <source>Find the most similar memories (%1: similar means sharing words, not meaning)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryHeader</name>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="25"/>
        <source>(no summary)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="50"/>
        <source>Created %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="52"/>
        <source>Session %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="54"/>
        <source>User %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="56"/>
        <source>Tone: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="60"/>
        <source>Tags: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="62"/>
        <source>Long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="64"/>
        <source>Core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="67"/>
        <source>Archived on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="71"/>
        <source>No embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="73"/>
        <source>Embedding: %1 (lexical offline embedding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryheader.cpp" line="75"/>
        <source>Embedding: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryHistoryView</name>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="24"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="24"/>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="24"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="24"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="37"/>
        <source>Edited tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="38"/>
        <source>Edited summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="39"/>
        <source>Long-term pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="40"/>
        <source>Core flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="41"/>
        <source>Priority override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="42"/>
        <source>Edited annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="43"/>
        <source>Manual links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="44"/>
        <source>Bulk pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="45"/>
        <source>Bulk unpin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="46"/>
        <source>Bulk archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="47"/>
        <source>Bulk restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="48"/>
        <source>Deleted (soft)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="49"/>
        <source>Bulk tag added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="50"/>
        <source>Bulk tag removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="51"/>
        <source>Pruned (archived)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="52"/>
        <source>Decay pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="53"/>
        <source>Batch restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryhistoryview.cpp" line="69"/>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryImport</name>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="58"/>
        <source>The id repeats the memory on row %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="85"/>
        <source>Could not open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="88"/>
        <location filename="../services/memories/memoryimport.cpp" line="110"/>
        <source>%1 is %L2 bytes; the import limit is %L3 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="95"/>
        <source>Could not read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="105"/>
        <source>Cannot tell the format of %1; use a .jsonl, .csv or .yaml file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimport.cpp" line="121"/>
        <source>%1 is not UTF-8 text (line %2 holds bytes that are not UTF-8). Save it as UTF-8 and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportapply.cpp" line="46"/>
        <source>Looking for the file&apos;s ids in the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportapply.cpp" line="128"/>
        <source>A memory with this id already exists in the workspace; the row is skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportapply.cpp" line="152"/>
        <source>The link points at a memory that is neither in the file nor in the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/memories/memoryimportapply.cpp" line="176"/>
        <source>%n row(s) of %1 have problems; nothing was imported.</source>
        <translation>
            <numerusform>%n row of %1 has problems; nothing was imported.</numerusform>
            <numerusform>%n rows of %1 have problems; nothing was imported.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportapply.cpp" line="208"/>
        <source>The import was cancelled; nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportjsonl.cpp" line="26"/>
        <location filename="../services/memories/memoryimportcsv.cpp" line="71"/>
        <location filename="../services/memories/memoryimportyaml.cpp" line="38"/>
        <source>The file has more than %L1 memories; split it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="79"/>
        <source>Line %1: a quoted field is never closed; nothing after it can be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="109"/>
        <source>no prompt or reply column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="113"/>
        <source>The CSV header is wrong (%1). Known columns: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="106"/>
        <source>repeated columns: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="125"/>
        <source>The CSV file is empty; it needs a header row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportcsv.cpp" line="134"/>
        <source>The row has %1 cells; the header has %2 columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportjsonl.cpp" line="33"/>
        <source>Not valid JSON: %1 at character %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportjsonl.cpp" line="39"/>
        <source>Each line must be one JSON object (a memory).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportyaml.cpp" line="32"/>
        <source>The YAML file holds no memory: expected a memory, a list of memories, or a &quot;memories:&quot; list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryimportyaml.cpp" line="45"/>
        <source>Each memory must be a mapping of fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="52"/>
        <source>The text holds a NUL character (U+0000), which cannot be stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="65"/>
        <source>Expected text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="71"/>
        <source>The text is too long (%L1 characters; the limit is %L2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="95"/>
        <source>Expected a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="106"/>
        <source>The value must lie between 0 and 1, got %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="124"/>
        <source>Expected true or false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="136"/>
        <source>Expected an ISO 8601 time such as 2024-11-24T21:45:00Z.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="162"/>
        <source>Expected a list of tags.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="167"/>
        <source>Every tag must be text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="194"/>
        <source>Every vector component must be a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="207"/>
        <source>&quot;%1&quot; is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="213"/>
        <source>Expected a list of numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="216"/>
        <source>The embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="236"/>
        <source>Expected a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="248"/>
        <source>The link target is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordfields.cpp" line="260"/>
        <source>Unknown archetype &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="83"/>
        <source>Unknown archetype &quot;%1&quot;; expected Ella-M … Ella-F.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="96"/>
        <source>The metric is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="117"/>
        <source>%1 is evaluated twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="138"/>
        <source>Expected a list of evaluations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="178"/>
        <source>The row has neither a prompt nor a reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="191"/>
        <source>The decay rate must be a non-negative number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="201"/>
        <source>Expected an evaluation object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryrecordread.cpp" line="211"/>
        <source>Expected a list of links.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryImportDialog</name>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="27"/>
        <source>Reading and checking every row…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="28"/>
        <source>Values the file does not give</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="34"/>
        <source>Import Valid Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="35"/>
        <source>Import Nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="37"/>
        <source>Import Memories — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="54"/>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="54"/>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="54"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="64"/>
        <source>Format…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="93"/>
        <source>&lt;p&gt;Sextant imports &lt;b&gt;JSONL&lt;/b&gt; (one JSON object per line), &lt;b&gt;CSV&lt;/b&gt; (a header row, then one memory per row) and &lt;b&gt;YAML&lt;/b&gt; (one memory, a list of them, or a &lt;tt&gt;memories:&lt;/tt&gt; list), in UTF-8.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Required:&lt;/b&gt; &lt;tt&gt;prompt&lt;/tt&gt; or &lt;tt&gt;reply&lt;/tt&gt; (at least one).&lt;br&gt;&lt;b&gt;Optional:&lt;/b&gt; &lt;tt&gt;id&lt;/tt&gt; (a new one when missing), &lt;tt&gt;created_at&lt;/tt&gt; (ISO 8601; when missing, the import time or another field of the file that holds a time, as you choose), &lt;tt&gt;summary&lt;/tt&gt; (empty when missing), &lt;tt&gt;session_id&lt;/tt&gt;, &lt;tt&gt;user_id&lt;/tt&gt;, &lt;tt&gt;tags&lt;/tt&gt; (a list, or &lt;tt&gt;a;b&lt;/tt&gt; in CSV), &lt;tt&gt;tone&lt;/tt&gt;, &lt;tt&gt;priority&lt;/tt&gt; (0–1), &lt;tt&gt;long_term&lt;/tt&gt;, &lt;tt&gt;core&lt;/tt&gt;, &lt;tt&gt;duration_s&lt;/tt&gt;, &lt;tt&gt;decay_rate&lt;/tt&gt;, &lt;tt&gt;embedding&lt;/tt&gt; (1536 numbers), &lt;tt&gt;metadata&lt;/tt&gt; (a JSON object), &lt;tt&gt;evaluations&lt;/tt&gt;, &lt;tt&gt;links&lt;/tt&gt;.&lt;br&gt;Any other field is kept in &lt;tt&gt;metadata&lt;/tt&gt;.&lt;/p&gt;&lt;p&gt;JSONL:&lt;br&gt;&lt;tt&gt;{&quot;prompt&quot;: &quot;How do I keep basil from flowering?&quot;, &quot;reply&quot;: &quot;Pinch off the buds.&quot;, &quot;created_at&quot;: &quot;2024-11-24T21:45:00Z&quot;}&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;CSV:&lt;br&gt;&lt;tt&gt;prompt,reply,created_at&lt;br&gt;&quot;How do I keep basil from flowering?&quot;,Pinch off the buds.,2024-11-24T21:45:00Z&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;YAML:&lt;br&gt;&lt;tt&gt;- prompt: How do I keep basil from flowering?&lt;br&gt;&amp;nbsp;&amp;nbsp;reply: Pinch off the buds.&lt;br&gt;&amp;nbsp;&amp;nbsp;created_at: 2024-11-24T21:45:00Z&lt;/tt&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="114"/>
        <source>Import Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="126"/>
        <source>%Ln rows have no creation time. Use:</source>
        <translation>
            <numerusform>%Ln row has no creation time. Use:</numerusform>
            <numerusform>%Ln rows have no creation time. Use:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="128"/>
        <source>The import time (%Ln rows)</source>
        <translation>
            <numerusform>The import time (%Ln row)</numerusform>
            <numerusform>The import time (%Ln rows)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="131"/>
        <source>The field “%1” (%Ln rows)</source>
        <translation>
            <numerusform>The field “%1” (%Ln row)</numerusform>
            <numerusform>The field “%1” (%Ln rows)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="182"/>
        <source>Import %Ln Rows</source>
        <translation>
            <numerusform>Import %Ln Row</numerusform>
            <numerusform>Import %Ln Rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="183"/>
        <source>Import %Ln Valid Rows</source>
        <translation>
            <numerusform>Import %Ln Valid Row</numerusform>
            <numerusform>Import %Ln Valid Rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="132"/>
        <source>The field “%1” (%Ln rows; the import time for the other %2)</source>
        <translation>
            <numerusform>The field “%1” (%Ln row; the import time for the other %2)</numerusform>
            <numerusform>The field “%1” (%Ln rows; the import time for the other %2)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="138"/>
        <source>%Ln rows have no id; each gets a new one.</source>
        <translation>
            <numerusform>%Ln row has no id; each gets a new one.</numerusform>
            <numerusform>%Ln rows have no id; each gets a new one.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="140"/>
        <source>%Ln rows have no summary; it stays empty.</source>
        <translation>
            <numerusform>%Ln row has no summary; it stays empty.</numerusform>
            <numerusform>%Ln rows have no summary; it stays empty.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="164"/>
        <source>The file is empty: it holds no memories, so there is nothing to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="166"/>
        <source>%Ln rows read, all valid. Nothing is written until you import.</source>
        <translation>
            <numerusform>%Ln row read, all valid. Nothing is written until you import.</numerusform>
            <numerusform>%Ln rows read, all valid. Nothing is written until you import.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/memories/memoryimportdialog.cpp" line="169"/>
        <source>%Ln rows read: %1 valid, %2 with problems (listed below). Import the valid rows, or nothing.</source>
        <translation>
            <numerusform>%Ln row read: %1 valid, %2 with problems (listed below). Import the valid rows, or nothing.</numerusform>
            <numerusform>%Ln rows read: %1 valid, %2 with problems (listed below). Import the valid rows, or nothing.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="148"/>
        <source>This file cannot be imported: %1 Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="176"/>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="193"/>
        <source>Import %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="201"/>
        <source>Importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryimportdialog.cpp" line="205"/>
        <source>Nothing was imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryMaintenance</name>
    <message>
        <location filename="../services/memories/memorymaintenance.cpp" line="48"/>
        <source>The pruning preview was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorymaintenancedecay.cpp" line="29"/>
        <source>Reading when the memories were last decayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorymaintenancewrite.cpp" line="86"/>
        <source>Reading the memories for maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorymaintenancewrite.cpp" line="151"/>
        <source>Archiving memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memorymaintenancewrite.cpp" line="199"/>
        <source>Writing decayed priorities</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryNeighboursView</name>
    <message>
        <location filename="../ui/memories/memoryneighboursview.cpp" line="12"/>
        <source>Similarity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryneighboursview.cpp" line="12"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryneighboursview.cpp" line="12"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/memoryneighboursview.cpp" line="20"/>
        <source>Double-click a memory to open it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryQuery</name>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="128"/>
        <source>Loading memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="154"/>
        <source>Counting memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="169"/>
        <source>Listing matching memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="184"/>
        <source>Listing tones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="198"/>
        <source>Listing tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquery.cpp" line="216"/>
        <source>Listing cluster runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="13"/>
        <source>The search vector is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="14"/>
        <source>The search vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="44"/>
        <source>Loading a memory&apos;s embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="46"/>
        <source>Memory %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerysimilar.cpp" line="50"/>
        <source>This memory has no embedding yet, so nothing can be compared with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/memoryquerywhere.cpp" line="125"/>
        <source>%1 has no metric called “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryTableModel</name>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="149"/>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="202"/>
        <source>Stored priority %1; long-term and core memories do not decay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="205"/>
        <source>Stored priority %1 (as of the decay pass on %2), decayed to %3 since then%4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="210"/>
        <source>Stored priority %1, decayed to %2 since last access%3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="209"/>
        <location filename="../models/memories/memorytablemodel.cpp" line="213"/>
        <source> (manual override)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="216"/>
        <source>No summary; the reply begins: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="240"/>
        <source>Priority after the decay since the last access or the last decay pass, whichever is later; sorting uses the stored priority (or its manual override).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="243"/>
        <source>Cosine similarity to the search, 1 = the same direction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="245"/>
        <source>This column cannot be sorted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="252"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="254"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="256"/>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="258"/>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="260"/>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="262"/>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="264"/>
        <source>Tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="266"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="268"/>
        <source>Long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="270"/>
        <source>Core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="272"/>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="274"/>
        <source>Top archetype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="276"/>
        <source>Last accessed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/memories/memorytablemodel.cpp" line="278"/>
        <source>Similarity</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetricDistributionModel</name>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="27"/>
        <source>%1 of %2: %3 of the values are exactly 0 or 1 — the evaluator saturates on this metric.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="73"/>
        <source>saturates: most values at 0 or 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="119"/>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="121"/>
        <source>n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="123"/>
        <source>Min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="125"/>
        <source>Q1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="127"/>
        <source>Median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="129"/>
        <source>Q3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="131"/>
        <source>Max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="133"/>
        <source>Mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="135"/>
        <source>SD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="137"/>
        <source>At 0 or 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/metricdistributionmodel.cpp" line="139"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MigrationPreviewDialog</name>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="37"/>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="38"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="40"/>
        <source>Review migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="52"/>
        <source>%1 (%2) may not change this schema, so Sextant cannot apply the migrations. Ask the schema owner to apply them (Copy SQL gives the script), or connect as the owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="66"/>
        <source>&amp;Copy SQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="92"/>
        <source>%n step(s) create the Sextant schema, version %2, in %1.</source>
        <translation>
            <numerusform>%n step creates the Sextant schema, version %2, in %1.</numerusform>
            <numerusform>%n steps create the Sextant schema, version %2, in %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="95"/>
        <source>%n step(s) take %1 from schema version %2 to %3.</source>
        <translation>
            <numerusform>%n step takes %1 from schema version %2 to %3.</numerusform>
            <numerusform>%n steps take %1 from schema version %2 to %3.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="99"/>
        <source>They run in one transaction: if any statement fails, the database is left as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="101"/>
        <source>The 8thDegree tables that already exist (users, jobs, embeddings from the seed plan) are adopted and upgraded in place; their rows are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="104"/>
        <source>The pgvector extension is enabled first, so embeddings are stored as vector(1536).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/migrationpreviewdialog.cpp" line="143"/>
        <source>The migrations were not applied, and the database is unchanged: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <location filename="../services/db/migrator.cpp" line="197"/>
        <source>Preparing the migration table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="137"/>
        <source>This database has schema version %1, but this Sextant knows versions up to %2. Update Sextant to open it; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="148"/>
        <source>%1 here is Supabase Auth&apos;s own table, not the marketplace&apos;s. Set the 8thDegree auth schema of this connection to another name (for example app_auth); nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="156"/>
        <source>upgrade the seed plan&apos;s %1 in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="166"/>
        <source>This database already has tables Sextant did not create (%1). Sextant can upgrade only the seed plan&apos;s auth.users, core.jobs and ai.embeddings in place; use an empty database or other schema names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="193"/>
        <source>Creating the schema %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="202"/>
        <source>Migration %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/migrator.cpp" line="214"/>
        <source>Recording migration %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelRegistry</name>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="64"/>
        <source>Changing the active model version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="81"/>
        <source>Reading model versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="100"/>
        <source>Reading a model version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="104"/>
        <source>There is no model version %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="115"/>
        <source>Reading the active matching version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="121"/>
        <source>No matching version is active. Activate one in the model registry before running matching.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="130"/>
        <source>A version needs a name of 1 to 64 characters. Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="133"/>
        <source>The matching parameters are not valid: %1. Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="154"/>
        <source>Checking the version name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="160"/>
        <source>A matching version named &quot;%1&quot; exists already. Choose another name; nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="168"/>
        <source>Saving the model version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/matching/modelregistry.cpp" line="231"/>
        <source>%1 is the active %2 version and cannot be retired. Activate another version first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelRegistryPage</name>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="45"/>
        <source>New matching version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="55"/>
        <source>Embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="56"/>
        <source>Matching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="57"/>
        <source>Bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="58"/>
        <source>Learning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="62"/>
        <source>Model versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="77"/>
        <source>Select one version to edit, replay or activate it; select two to compare them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="83"/>
        <source>Replay against the reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="84"/>
        <source>Suggested weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="160"/>
        <source>Model type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="163"/>
        <source>New from selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="164"/>
        <source>Start a new matching version from the selected one&apos;s weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="165"/>
        <source>New from scratch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="166"/>
        <source>Start a new matching version with every weight at 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="167"/>
        <source>Activate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="168"/>
        <source>Make the selected version the active one of its type (new match runs use it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="170"/>
        <source>Retire…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="170"/>
        <source>Retire the selected inactive version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="173"/>
        <source>Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="174"/>
        <source>Measure the selected version against the operators&apos; reviews (a task)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="175"/>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="176"/>
        <source>Replay the two selected versions and show them side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="177"/>
        <source>Suggest weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="178"/>
        <source>Fit approve against reject on the reviews and save the weights as a draft version (a task)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="284"/>
        <source>New matching version from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="291"/>
        <source>New matching version from scratch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="300"/>
        <source>The version was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="304"/>
        <source>Saved %1 as an inactive draft. Replay or compare it, then activate it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="317"/>
        <location filename="../ui/matching/modelregistrypage.cpp" line="333"/>
        <source>No %1 version is active now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="318"/>
        <source>The active %1 version now is %2; it will be deactivated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="319"/>
        <source>Activate %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="320"/>
        <source>Activate %1?

%2 New match runs will use %1; proposals made earlier keep the version that made them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="322"/>
        <source>Activate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="334"/>
        <source>The active %1 version now is %2 and stays active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="335"/>
        <source>Retire %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="336"/>
        <source>Retire %1?

%2 A retired version stays listed and can be activated again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="338"/>
        <source>Retire %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="364"/>
        <source>%1 was not activated: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="367"/>
        <source>%1 is now the active %2 version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="378"/>
        <source>%1 was not retired: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypage.cpp" line="381"/>
        <source>%1 is retired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="26"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="28"/>
        <source>Stop this page&apos;s replays and fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="67"/>
        <source>The replay failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="98"/>
        <source>No weights were suggested: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="104"/>
        <source>Saved the suggested weights as the draft %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="133"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/modelregistrypagelearning.cpp" line="168"/>
        <source>Could not load the learning metrics of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelVersionModel</name>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="48"/>
        <source>Could not load the model versions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="75"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="135"/>
        <source>This version holds no matching weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="138"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="143"/>
        <source>Deployed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="145"/>
        <source>Retired %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="147"/>
        <source>%1, created %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="157"/>
        <location filename="../models/matching/modelversionmodel.cpp" line="184"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="157"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="165"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="182"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="186"/>
        <source>Deployed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="188"/>
        <source>Retired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="190"/>
        <source>Created by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="192"/>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="194"/>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="196"/>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/matching/modelversionmodel.cpp" line="198"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfflineEmbedder</name>
    <message>
        <location filename="../services/ai/offlineembedder.cpp" line="35"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenAiClient</name>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="70"/>
        <source>The model&apos;s answer was cut off at the token limit before its JSON was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="74"/>
        <source>The model&apos;s answer is not the JSON object that was asked for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="76"/>
        <source>The model&apos;s answer does not follow the schema (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="93"/>
        <source>The model declined to answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="110"/>
        <source>OpenAI&apos;s chat answer holds no message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="124"/>
        <source>OpenAI sent a stream event that is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="126"/>
        <source>OpenAI reported an error in the middle of the answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaichat.cpp" line="171"/>
        <source>The answer stream broke off before it was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaiclient.cpp" line="111"/>
        <location filename="../services/ai/openaierrors.cpp" line="29"/>
        <source>The OpenAI request was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/ai/openaiclient.cpp" line="124"/>
        <source>OpenAI requests are paused after repeated failures; Sextant tries again in %n second(s).</source>
        <translation>
            <numerusform>OpenAI requests are paused after repeated failures; Sextant tries again in %n second.</numerusform>
            <numerusform>OpenAI requests are paused after repeated failures; Sextant tries again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/ai/openaiclient.cpp" line="161"/>
        <source>Gave up after %n attempt(s).</source>
        <translation>
            <numerusform>Gave up after %n attempt.</numerusform>
            <numerusform>Gave up after %n attempts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/ai/openaiclient.cpp" line="167"/>
        <source>The server asks to wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>The server asks to wait %n second before trying again.</numerusform>
            <numerusform>The server asks to wait %n seconds before trying again.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="70"/>
        <source>Text %1 is empty; OpenAI cannot embed empty text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="135"/>
        <source>OpenAI&apos;s embedding answer is unusable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="138"/>
        <source>%1 vectors for %2 texts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="145"/>
        <source>vector index %1 is out of place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaiembeddings.cpp" line="150"/>
        <source>a vector has %1 dimensions instead of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/ai/openaierrors.cpp" line="32"/>
        <source>%1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>%1 did not answer within %n second.</numerusform>
            <numerusform>%1 did not answer within %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="37"/>
        <source>The secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="40"/>
        <source>The connection to %1 dropped before the answer was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="45"/>
        <source>The connection to %1 was cut off before the answer came.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="46"/>
        <source>Could not reach %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="55"/>
        <source>The API key was refused by %1 (401). Check the key in the OpenAI settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="58"/>
        <source>This API key has no access here (403): the organisation, project or region does not allow it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="64"/>
        <source>OpenAI does not know the model &quot;%1&quot;, or this key cannot use it (404).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="67"/>
        <source>%1 has no endpoint &quot;%2&quot; (404). Check the base URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="71"/>
        <source>The OpenAI account has used up its quota (429). Check the plan and billing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="73"/>
        <source>OpenAI is limiting the request rate (429).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="75"/>
        <source>%1 timed out waiting for the request (408).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="82"/>
        <source>%1 answered with a server error (HTTP %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="85"/>
        <source>OpenAI rejected the request (HTTP %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaierrors.cpp" line="90"/>
        <source>%1 sent an answer that is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenAiSettings</name>
    <message>
        <location filename="../services/ai/openaisettings.cpp" line="49"/>
        <source>The OpenAI base URL &quot;%1&quot; is not an http(s) address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaisettings.cpp" line="51"/>
        <source>Both an embedding model and a chat model must be named.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/ai/openaisettings.cpp" line="55"/>
        <source>An OpenAI limit or timeout is out of range.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PairAgreementModel</name>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="78"/>
        <source>Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="80"/>
        <source>Second reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="82"/>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="84"/>
        <source>Cohen&apos;s κ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="86"/>
        <source>95 % interval</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Parser</name>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="216"/>
        <source>the text cannot be read as YAML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="217"/>
        <source>YAML line %1, column %2: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/memories/yamlreader.cpp" line="224"/>
        <source>%1 (%2 on line %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PerJobRankingView</name>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="33"/>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="63"/>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="172"/>
        <source>Worst jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="42"/>
        <source>Per-job ranking measures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Pooled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Worst</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="44"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="45"/>
        <source>Over all jobs&apos; positions pooled (position j = the j-th proposal of every job)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="46"/>
        <source>The mean over the measured jobs (a skew of −∞ is left out of it and counted below)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="47"/>
        <source>The median over the measured jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="48"/>
        <source>The worst measured job: the largest NDKL or rND, the most negative skew, the lowest ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="49"/>
        <source>How many jobs the measure was taken on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="89"/>
        <source>Build a report to measure each job&apos;s own ranking</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/perjobrankingview.cpp" line="102"/>
        <source>Each job&apos;s own ranking, measured on its own: %n job(s) measured.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="104"/>
        <source>Not measured: %1 with fewer than %2 ranked proposals, %3 without a proposal of %4, %5 with nothing but %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="111"/>
        <source>A job needs at least k ranked proposals for skew@k, and proposals of the protected group and of another group for any comparison; the others are counted here, not dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="130"/>
        <source>NDKL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="131"/>
        <source>rND of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="133"/>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="146"/>
        <source>skew@%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="135"/>
        <source>Exposure/merit of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/perjobrankingview.cpp" line="166"/>
        <source>%n job(s) with −∞ (the group absent from the top k) are left out of the mean</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/fairness/perjobrankingview.cpp" line="172"/>
        <source>Worst jobs: none can be named</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/fairness/perjobrankingview.cpp" line="174"/>
        <source>%n measured job(s) are not named: a group in them has fewer than %1 ranked proposals there, and beside the job&apos;s ranking its measures would tell those people&apos;s attributes. They are in the mean, median and worst above.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PointMapView</name>
    <message>
        <location filename="../ui/map/pointmapviewinput.cpp" line="234"/>
        <source>Noise (no cluster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewinput.cpp" line="235"/>
        <source>Cluster %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewinput.cpp" line="236"/>
        <source>Cluster %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/pointmapviewoverlay.cpp" line="34"/>
        <source>%Ln points</source>
        <translation>
            <numerusform>%Ln point</numerusform>
            <numerusform>%Ln points</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewoverlay.cpp" line="36"/>
        <source>density view</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/map/pointmapviewoverlay.cpp" line="38"/>
        <source>%Ln selected</source>
        <translation>
            <numerusform>%Ln selected</numerusform>
            <numerusform>%Ln selected</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewoverlay.cpp" line="65"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/pointmapviewpaint.cpp" line="122"/>
        <source>No map yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostgresSettings</name>
    <message>
        <location filename="../services/db/postgressettings.cpp" line="40"/>
        <source>This is not a valid PostgreSQL address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/postgressettings.cpp" line="58"/>
        <source>&quot;%1&quot; is not a key=value pair.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostgresWorkspace</name>
    <message numerus="yes">
        <location filename="../services/db/postgresworkspace.cpp" line="179"/>
        <source>%1 needs %n migration step(s) before Sextant can use it. Review and apply them from the connection dialog.</source>
        <translation>
            <numerusform>%1 needs %n migration step before Sextant can use it. Review and apply it from the connection dialog.</numerusform>
            <numerusform>%1 needs %n migration steps before Sextant can use it. Review and apply them from the connection dialog.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PriceTableDialog</name>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="28"/>
        <source>Model Prices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="29"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="29"/>
        <source>Prompt, per 1M tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="29"/>
        <source>Completion, per 1M tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="34"/>
        <source>&amp;Add Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="43"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="48"/>
        <source>Reset to &amp;Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/pricetabledialog.cpp" line="50"/>
        <source>A dated model name (gpt-4o-mini-2024-07-18) uses the price of its base name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PriorityPanel</name>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="27"/>
        <location filename="../ui/memories/prioritypanel.cpp" line="39"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="39"/>
        <source>Archetype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="39"/>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="39"/>
        <source>Contribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="40"/>
        <source>The archetype&apos;s priority for this memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="42"/>
        <source>Weight × archetype priority. The default weights add up to 1, so the contributions add up to the weighted priority.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="75"/>
        <source>Stored priority: %1 (sum of the archetype contributions below: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="78"/>
        <source>Manual override: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="80"/>
        <source>Priority now: %1 (long-term and core memories do not decay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="82"/>
        <source>Priority now: %1 after decay since the decay pass on %2 (the stored priority already holds the decay before it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="87"/>
        <source>Priority now: %1 after decay since the last access on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="91"/>
        <source>Priority now: %1 (never accessed, so no decay yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/memories/prioritypanel.cpp" line="112"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PriorityQueries</name>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="174"/>
        <source>Reading the memories&apos; archetype priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="202"/>
        <source>Counting the memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="238"/>
        <source>Finding the memories about to fall under the floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="239"/>
        <source>Ranking the memories by decayed priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/priorityqueries.cpp" line="290"/>
        <source>Reading every memory&apos;s priority under the strategy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PriorityRowModel</name>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="89"/>
        <source>core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="89"/>
        <source>long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="129"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="134"/>
        <source>In %n days</source>
        <translation>
            <numerusform>In %n day</numerusform>
            <numerusform>In %n days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="146"/>
        <source>Each archetype&apos;s weighted contribution to the priority, in its colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="151"/>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="153"/>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="155"/>
        <source>Contribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="157"/>
        <source>Stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="159"/>
        <source>Decayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="161"/>
        <source>Kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/priorityrowmodel.cpp" line="163"/>
        <source>Falls below floor</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Privileges</name>
    <message>
        <location filename="../services/db/privileges.cpp" line="20"/>
        <source>superuser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="22"/>
        <source>owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="27"/>
        <source>custom grants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="27"/>
        <source>no access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="35"/>
        <source>read memories and marketplace data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="35"/>
        <source>review matches and bias reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="36"/>
        <source>edit annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="36"/>
        <source>edit memories and links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="37"/>
        <source>purge memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="37"/>
        <source>read audit attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/privileges.cpp" line="38"/>
        <source>apply migrations</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PromptLibrary</name>
    <message>
        <location filename="../services/archetypes/promptlibrary.cpp" line="68"/>
        <source>Cannot read the prompt file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/promptlibrary.cpp" line="72"/>
        <source>The prompt file %1 is not a valid prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/promptlibrary.cpp" line="106"/>
        <source>No prompt &quot;%1&quot; %2 in mode %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/promptlibrary.cpp" line="106"/>
        <source>(any version)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PromptsDialog</name>
    <message>
        <location filename="../ui/ai/promptsdialog.cpp" line="19"/>
        <source>Evaluation Prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/promptsdialog.cpp" line="27"/>
        <source>The prompts could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RankMoveModel</name>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="40"/>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="42"/>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="63"/>
        <source>%1&apos;s weighted contribution changed most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="81"/>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="83"/>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="85"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/rankmovemodel.cpp" line="87"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplayComparison</name>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="41"/>
        <source>Replay comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="61"/>
        <source>Select a matching version and press Replay, or select two and press Compare, to measure them against the operators&apos; reviews.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="69"/>
        <source>Overall score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="69"/>
        <source>Semantic alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="69"/>
        <source>Skills alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="69"/>
        <source>Experience alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="70"/>
        <source>Success rate alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="70"/>
        <source>Region alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="70"/>
        <source>Budget alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="77"/>
        <source>%1
Precision@%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="78"/>
        <source>%1
NDCG@%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="78"/>
        <source>%1
ROC AUC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="80"/>
        <source>%1: %2, %3, k = %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/replaycomparison.cpp" line="81"/>
        <source>%n reviewed pairs</source>
        <translation>
            <numerusform>%n reviewed pair</numerusform>
            <numerusform>%n reviewed pairs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/replaycomparison.cpp" line="82"/>
        <source>%n jobs with a decision</source>
        <translation>
            <numerusform>%n job with a decision</numerusform>
            <numerusform>%n jobs with a decision</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="91"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/replaycomparison.cpp" line="95"/>
        <source>Not enough reviews to measure this (no approval, or only one kind of decision)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Repository</name>
    <message>
        <location filename="../app/cli/clicontext.cpp" line="212"/>
        <location filename="../services/db/repository.cpp" line="99"/>
        <source>%1 was refused: your database role is not allowed to do this (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="67"/>
        <source>%1 failed: the connection to the database server was lost, and this step was not saved. Sextant reconnects by itself; run it again once the server is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="88"/>
        <source>the workspace is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="88"/>
        <source>the database gave no reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="100"/>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="119"/>
        <source>Starting a savepoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="129"/>
        <source>Releasing a savepoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="135"/>
        <source>Starting a transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="136"/>
        <source>Could not start a transaction: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="151"/>
        <source>The connection to the database server was lost while committing, so it is not known whether this step was saved. Sextant reconnects by itself; look again once the server is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="153"/>
        <source>Could not commit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="162"/>
        <source>Reading the schema version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="181"/>
        <source>Counting rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repository.cpp" line="212"/>
        <source>Writing the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="44"/>
        <source>This database driver cannot deliver change notifications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="47"/>
        <source>Could not listen for changes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="62"/>
        <source>The connection to %1 is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="67"/>
        <source>the server does not answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="68"/>
        <source>The connection to %1 was lost: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorylive.cpp" line="90"/>
        <source>Could not reconnect to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="30"/>
        <source>Saving users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="50"/>
        <source>Saving freelancer profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="73"/>
        <source>Saving jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/democopysink.cpp" line="175"/>
        <location filename="../services/db/repositorymarket.cpp" line="92"/>
        <source>Row %1: the embedding is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/democopysink.cpp" line="176"/>
        <location filename="../services/db/repositorymarket.cpp" line="93"/>
        <source>The embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/demo/democopysink.cpp" line="177"/>
        <location filename="../services/db/repositorymarket.cpp" line="94"/>
        <location filename="../services/db/sqlbatch.h" line="31"/>
        <source>Row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="101"/>
        <source>Saving embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="122"/>
        <source>Saving matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="151"/>
        <source>Saving match reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="174"/>
        <source>Saving bias reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="197"/>
        <source>Saving audit attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorymarket.cpp" line="210"/>
        <source>Saving model versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="46"/>
        <location filename="../services/db/repositorysearch.cpp" line="100"/>
        <source>Loading memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="75"/>
        <source>Loading a memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="77"/>
        <source>Memory %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="113"/>
        <source>Loading evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="146"/>
        <source>Loading links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="170"/>
        <source>Loading archetype states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryreads.cpp" line="194"/>
        <source>Loading archetype history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorysearch.cpp" line="19"/>
        <source>The search vector is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorysearch.cpp" line="20"/>
        <source>The search vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorysearch.cpp" line="50"/>
        <source>Searching similar memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorysearch.cpp" line="140"/>
        <source>Reading the role&apos;s privileges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="46"/>
        <source>Counting vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="57"/>
        <source>The database connection is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="71"/>
        <location filename="../services/db/repositoryvectors.cpp" line="107"/>
        <source>Loading vectors failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="109"/>
        <source>Loading vectors failed: the server sent rows Sextant cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="111"/>
        <location filename="../services/db/repositoryvectors.cpp" line="135"/>
        <source>Loading vectors was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositoryvectors.cpp" line="69"/>
        <location filename="../services/db/repositoryvectors.cpp" line="105"/>
        <location filename="../services/db/repositoryvectors.cpp" line="126"/>
        <source>Loading vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="67"/>
        <source>Saving memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="92"/>
        <source>Saving evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="114"/>
        <source>Saving links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="127"/>
        <source>Saving archetype states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/repositorywrites.cpp" line="143"/>
        <source>Saving archetype history</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewCheatSheet</name>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="95"/>
        <source>Review Keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewConfig</name>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="43"/>
        <location filename="../services/review/reviewconfig.cpp" line="64"/>
        <source>Reading the role&apos;s privileges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="69"/>
        <source>Reading the role&apos;s privileges returned nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="83"/>
        <source>Reading the reason codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="102"/>
        <source>A reason code is 1 to 40 lower-case letters, digits or underscores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="104"/>
        <source>A reason code needs a label.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="115"/>
        <source>Saving a reason code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="138"/>
        <source>Reading the review settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="159"/>
        <source>The level-2 sample rate must be between 0 and 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="161"/>
        <source>The double-review share must be between 0 and 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="163"/>
        <source>A lease lasts from 1 to 480 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewconfig.cpp" line="183"/>
        <source>Saving the review settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewConflictDialog</name>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="19"/>
        <source>level %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="32"/>
        <source>Decisions That No Longer Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewconflictdialog.cpp" line="48"/>
        <source>%n of your decisions could not be saved as made. Both decisions are shown; yours stays in the journal, nothing was dropped.</source>
        <translation>
            <numerusform>%n of your decisions could not be saved as made. Both decisions are shown; yours stays in the journal, nothing was dropped.</numerusform>
            <numerusform>%n of your decisions could not be saved as made. Both decisions are shown; yours stays in the journal, nothing was dropped.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="54"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="54"/>
        <source>Your decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="55"/>
        <source>The decision that stands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewconflictdialog.cpp" line="59"/>
        <source>&lt;i&gt;not known&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewDecisionBar</name>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="21"/>
        <source>Decision note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="25"/>
        <source>Note (N to write, Enter to save)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="130"/>
        <source>A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="131"/>
        <source>R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="131"/>
        <source>F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="133"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="141"/>
        <source>&lt;i&gt;Choose a decision: A approve, R reject, F flag. ? shows every key.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="150"/>
        <source>&lt;i&gt;No reasons configured for this decision.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="153"/>
        <source>&lt;i&gt;Press the reason&apos;s digit, then Enter.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewdecisionbar.cpp" line="153"/>
        <source>&lt;i&gt;Enter saves the decision.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewFilterBar</name>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="27"/>
        <source>Has bias flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="30"/>
        <source>Any region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="33"/>
        <source>Any category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="34"/>
        <source>Any version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="36"/>
        <source>Any score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="37"/>
        <source>Score ≥ 0.8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="38"/>
        <source>Score 0.6 – 0.8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="39"/>
        <source>Score 0.4 – 0.6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="40"/>
        <source>Score &lt; 0.4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="122"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewfilterbar.cpp" line="125"/>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewItemView</name>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="79"/>
        <source>&lt;b&gt;Decisions so far&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="81"/>
        <source>&lt;b&gt;The job&apos;s other candidates&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="83"/>
        <source>&lt;b&gt;The freelancer&apos;s other proposals&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="102"/>
        <source>Claim a batch (C) or pick an item in the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="107"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="112"/>
        <source>Bias review pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="133"/>
        <source>Freelancer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="156"/>
        <source>&lt;b&gt;Component&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="157"/>
        <source>&lt;b&gt;Value&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="158"/>
        <source>&lt;b&gt;Weight&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="159"/>
        <source>&lt;b&gt;Adds&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="175"/>
        <source>&lt;b&gt;Strengths&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="177"/>
        <source>&lt;b&gt;Gaps&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="201"/>
        <source>#%1 for this job · score %2 · confidence %3 · version %4 · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="209"/>
        <source>no stated level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="210"/>
        <source>budget %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="214"/>
        <source>&lt;i&gt;No required skills stated&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="215"/>
        <source>&lt;b&gt;Needs:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="220"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="221"/>
        <source>%1 per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewitemview.cpp" line="222"/>
        <source>%n years of experience</source>
        <translation>
            <numerusform>%n year of experience</numerusform>
            <numerusform>%n years of experience</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="223"/>
        <source>%1 % success</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="246"/>
        <source>&lt;b&gt;Skills:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="253"/>
        <source>not stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="258"/>
        <location filename="../ui/review/reviewitemview.cpp" line="259"/>
        <source>none recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="263"/>
        <source>Level %1 · %2: &lt;b style=&quot;color:%3&quot;&gt;%4&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="276"/>
        <location filename="../ui/review/reviewitemview.cpp" line="277"/>
        <source>&lt;i&gt;loading…&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="303"/>
        <source>no other candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="308"/>
        <source>no other proposals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="310"/>
        <source>and more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewitemview.cpp" line="327"/>
        <source>not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewKeys</name>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="77"/>
        <source>A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="14"/>
        <location filename="../ui/review/reviewkeys.cpp" line="77"/>
        <source>Approve the match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="78"/>
        <source>R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="16"/>
        <location filename="../ui/review/reviewkeys.cpp" line="78"/>
        <source>Reject the match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="79"/>
        <source>F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="18"/>
        <location filename="../ui/review/reviewkeys.cpp" line="79"/>
        <source>Flag it for level 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="80"/>
        <source>1 – 9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="80"/>
        <source>Reason for the chosen decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="81"/>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="30"/>
        <location filename="../ui/review/reviewkeys.cpp" line="81"/>
        <source>Write a note (Enter saves, Esc returns)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="21"/>
        <source>Reason %1 for the chosen decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="24"/>
        <source>Next item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="25"/>
        <source>Previous item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="32"/>
        <source>Show or hide the sheet of review keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="82"/>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="82"/>
        <source>Confirm: save the decision and go to the next item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="83"/>
        <source>J / K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="83"/>
        <source>Next / previous item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="84"/>
        <source>Shift+↓ / Shift+↑</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="84"/>
        <source>Extend the selection: Enter then decides every selected item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="85"/>
        <source>U</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="26"/>
        <location filename="../ui/review/reviewkeys.cpp" line="85"/>
        <source>Undo your last decision (a new record supersedes it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="86"/>
        <source>C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="28"/>
        <location filename="../ui/review/reviewkeys.cpp" line="86"/>
        <source>Claim the next batch of items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="87"/>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="31"/>
        <location filename="../ui/review/reviewkeys.cpp" line="87"/>
        <source>Clear the chosen decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="88"/>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewkeys.cpp" line="88"/>
        <source>Show or hide this sheet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewLeases</name>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="55"/>
        <source>Finding free review items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="87"/>
        <source>Locking review items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="112"/>
        <source>Taking over expired leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="126"/>
        <source>Claiming review items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="155"/>
        <location filename="../services/review/reviewleases.cpp" line="166"/>
        <source>Reading double-review assignments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="197"/>
        <source>Assigning a double review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="214"/>
        <source>A claim takes 1 to %1 items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="216"/>
        <source>The review level is 1 or 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="218"/>
        <source>A claim needs the reviewer&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewleases.cpp" line="266"/>
        <source>Releasing leases</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewOutbox</name>
    <message>
        <location filename="../services/review/reviewoutbox.cpp" line="103"/>
        <source>The database refused this decision: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="42"/>
        <source>Release All Leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="44"/>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="50"/>
        <source>Level 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="51"/>
        <source>Level 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="52"/>
        <source>Agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="57"/>
        <source>Claim Next Batch (C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="61"/>
        <source>Keys (?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="66"/>
        <source>Return every reviewer&apos;s claimed items to the queue (admins only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="70"/>
        <source>Every lease was released; the items are back in the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="71"/>
        <source>The leases were not released: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="137"/>
        <source>Review queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="193"/>
        <source>There is no reason %1 for this decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="194"/>
        <source>Choose a decision first: A, R or F.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="230"/>
        <source>Your role could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="236"/>
        <source>Deciding as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="245"/>
        <source>Your role may read level 2 but not decide there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="246"/>
        <source>Your role may read the queue but not decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="255"/>
        <source>The reason codes could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="303"/>
        <source>Loading the queue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="319"/>
        <source>Nothing waits for level 2 under these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="320"/>
        <source>No item under these filters. Claim a batch (C) or change the filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="372"/>
        <source>This is the last item under these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="372"/>
        <source>This is the first item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="408"/>
        <source>Choose a decision first: A approve, R reject, F flag.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="412"/>
        <source>Choose a reason with its digit first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="428"/>
        <source>The decision was not recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="440"/>
        <source>%1: %2 — U undoes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="450"/>
        <source>Decide %n Items</source>
        <translation>
            <numerusform>Decide %n Item</numerusform>
            <numerusform>Decide %n Items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="451"/>
        <source>%1 all %n selected items?</source>
        <translation>
            <numerusform>%1 the %n selected item?</numerusform>
            <numerusform>%1 all %n selected items?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="454"/>
        <source>Reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="464"/>
        <source>The decisions were not recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="476"/>
        <source>%n items decided — U undoes them all.</source>
        <translation>
            <numerusform>%n item decided — U undoes it.</numerusform>
            <numerusform>%n items decided — U undoes them all.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="485"/>
        <source>Nothing to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="503"/>
        <source>The decision could not be undone: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="506"/>
        <source>%n decisions undone; the records that undo them are kept.</source>
        <translation>
            <numerusform>%n decision undone; the record that undoes it is kept.</numerusform>
            <numerusform>%n decisions undone; the records that undo them are kept.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="519"/>
        <source>Claiming…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="522"/>
        <source>No batch was claimed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="526"/>
        <source>Nothing left to claim at this level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="527"/>
        <source>Claimed %n items; they are yours until the lease ends.</source>
        <translation>
            <numerusform>Claimed %n item; it is yours until the lease ends.</numerusform>
            <numerusform>Claimed %n items; they are yours until the lease ends.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/review/reviewpage.cpp" line="539"/>
        <source>All decisions saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/review/reviewpage.cpp" line="539"/>
        <source>%n decisions waiting to be saved</source>
        <translation>
            <numerusform>%n decision waiting to be saved</numerusform>
            <numerusform>%n decisions waiting to be saved</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewQueries</name>
    <message>
        <location filename="../services/review/reviewqueries.cpp" line="176"/>
        <location filename="../services/review/reviewqueries.cpp" line="337"/>
        <source>Reading match reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewqueries.cpp" line="222"/>
        <source>Reading the review queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewqueries.cpp" line="249"/>
        <source>Reading review items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewqueries.cpp" line="284"/>
        <location filename="../services/review/reviewqueries.cpp" line="319"/>
        <source>Counting the review queue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="23"/>
        <source>Unreviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="25"/>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="27"/>
        <source>Flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="29"/>
        <source>Waiting for level 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="31"/>
        <source>Decided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="40"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="42"/>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="44"/>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="304"/>
        <source>%1 — a bias report on this job is waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="329"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="330"/>
        <source>%1 +%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="352"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="354"/>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="356"/>
        <source>Freelancer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="358"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="360"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="362"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="364"/>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="366"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="368"/>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/reviewqueuemodel.cpp" line="370"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewService</name>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="157"/>
        <source>Only an administrator can release everyone&apos;s leases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="214"/>
        <source>No workspace is open, so there is nowhere to record the decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="229"/>
        <source>A decision needs a proposal, a level of 1 or 2 and a note of at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="252"/>
        <source>There is no decision to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="264"/>
        <source>An undo cannot itself be undone; decide again instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="300"/>
        <source>The reason “%1” is not one for this decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewservice.cpp" line="301"/>
        <source>“%1” is not in this workspace&apos;s list of reasons.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewStore</name>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="48"/>
        <source>Reading the item&apos;s reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="58"/>
        <source>Reading the item&apos;s reviews returned nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="67"/>
        <location filename="../services/review/reviewstore.cpp" line="140"/>
        <source>Reading match reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="115"/>
        <source>Saving a match review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="168"/>
        <source>Routing an item to level 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="196"/>
        <source>This decision was already undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="204"/>
        <source>%1 decided this item at level 2 meanwhile; that decision is final.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="210"/>
        <source>%1 holds this item now: your lease ran out and was taken over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="217"/>
        <source>%1 decided this item meanwhile: your lease ran out and was taken over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="238"/>
        <source>Reading the reason codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="244"/>
        <source>“%1” is not in this workspace&apos;s list of reasons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="247"/>
        <source>The reason “%1” belongs to another kind of decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="290"/>
        <source>A review needs its id and its reviewer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="292"/>
        <source>A review needs the proposal it decides and a level of 1 or 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="294"/>
        <source>A review note holds at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="310"/>
        <source>The decision to undo was never saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/review/reviewstore.cpp" line="354"/>
        <source>Releasing a lease</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewerStatsModel</name>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="145"/>
        <location filename="../models/review/agreementmodels.cpp" line="151"/>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="163"/>
        <source>Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="165"/>
        <source>Decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="167"/>
        <source>Per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="169"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="171"/>
        <source>Seen by level 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/review/agreementmodels.cpp" line="173"/>
        <source>Level 2 agreed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReweightBatch</name>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="45"/>
        <source>Finding the next memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="97"/>
        <location filename="../services/archetypes/reweightbatch.cpp" line="151"/>
        <location filename="../services/archetypes/reweightbatch.cpp" line="171"/>
        <source>Recording the application of the strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="132"/>
        <source>Recording the previous priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="145"/>
        <source>Writing the new priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="193"/>
        <location filename="../services/archetypes/reweightbatch.cpp" line="204"/>
        <location filename="../services/archetypes/reweightbatch.cpp" line="215"/>
        <source>Reading the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="207"/>
        <source>The strategy “%1” was applied after this one (batch %2); undo it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="218"/>
        <source>The batch %1 did not apply a weighting strategy; restore it from the memory history instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="220"/>
        <source>There is no batch %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="254"/>
        <source>Restoring the priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="264"/>
        <source>Marking the batch restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/reweightbatch.cpp" line="288"/>
        <source>Recording the undo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchemaNamesEdit</name>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="39"/>
        <source>Lower-case letters a-z, digits and _, starting with a letter or _, at most 63 characters; empty for the default name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="45"/>
        <source>EUMAS:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="47"/>
        <source>8thDegree auth:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="49"/>
        <source>8thDegree core:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="51"/>
        <source>8thDegree AI:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="56"/>
        <source>Schemas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="103"/>
        <source>This is a Supabase project and the 8thDegree auth schema is still called auth, which Supabase uses itself: rename it, for example to app_auth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="105"/>
        <source>On Supabase, the project already has its own auth.users table: give the 8thDegree auth schema another name, such as app_auth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="113"/>
        <source>EUMAS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="113"/>
        <source>8thDegree auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="114"/>
        <source>8thDegree core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="114"/>
        <source>8thDegree AI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connection/schemanamesedit.cpp" line="118"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScoreHistogram</name>
    <message>
        <location filename="../ui/archetypes/scorehistogram.cpp" line="156"/>
        <source>No values</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <location filename="../services/core/secretstore.cpp" line="86"/>
        <location filename="../services/core/secretstore.cpp" line="94"/>
        <source>No password is stored for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/secretstore.cpp" line="89"/>
        <source>The keychain refused to read the password: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/secretstore.cpp" line="106"/>
        <source>The keychain refused to store the password: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/secretstore.cpp" line="121"/>
        <source>The keychain refused to remove the password: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="26"/>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="29"/>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="30"/>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="33"/>
        <source>AI Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="51"/>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="53"/>
        <source>English</source>
        <extracomment>Language names are shown in their own language so that people can find theirs in any UI language.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="55"/>
        <source>Deutsch</source>
        <extracomment>Language names are shown in their own language so that people can find theirs in any UI language.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="59"/>
        <source>Takes effect after restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="63"/>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="75"/>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="88"/>
        <source> rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="89"/>
        <source>How many memories the grid loads at a time while you scroll.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="92"/>
        <source>Demo workspace file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/settingsdialog.cpp" line="93"/>
        <source>Memories &amp;page size:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="43"/>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="70"/>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="71"/>
        <source>Filter by action or key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="75"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="75"/>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="81"/>
        <source>Letter keys without a modifier work only while their page has the focus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/shortcutsdialog.cpp" line="168"/>
        <source>Not available at the moment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SqlSchemas</name>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="77"/>
        <source>Use lower-case letters a-z, digits and _, starting with a letter or _, at most 63 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="79"/>
        <source>The name is empty. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="81"/>
        <source>&quot;%1&quot; is not allowed. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="83"/>
        <source>The name has %1 characters; PostgreSQL keeps only 63. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="85"/>
        <source>Names starting with pg_ are reserved for PostgreSQL&apos;s own schemas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="92"/>
        <source>EUMAS schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="93"/>
        <source>8thDegree auth schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="94"/>
        <source>8thDegree core schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="95"/>
        <source>8thDegree AI schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqldialect.cpp" line="99"/>
        <source>%1: %2 Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SqliteWorkspace</name>
    <message>
        <location filename="../services/db/sqliteworkspace.cpp" line="34"/>
        <source>%1 is an SQLite database of another program, not a Sextant workspace. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqliteworkspace.cpp" line="42"/>
        <source>The workspace file %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqliteworkspace.cpp" line="50"/>
        <source>Could not open the workspace file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/sqliteworkspace.cpp" line="24"/>
        <location filename="../services/db/sqliteworkspace.cpp" line="59"/>
        <location filename="../services/db/sqliteworkspace.cpp" line="70"/>
        <source>%1 is not a Sextant workspace or is damaged: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StallWatchdog</name>
    <message>
        <location filename="../services/db/stallwatchdog.cpp" line="144"/>
        <source>Cancelled. The server did not stop the statement in time, so Sextant closed the connection; the unfinished step was not saved, and Sextant reconnects by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/stallwatchdog.cpp" line="146"/>
        <source>Cancelled. The server stopped the statement; the unfinished step was not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/db/stallwatchdog.cpp" line="288"/>
        <source>The server has not answered for %n s and a second connection could not reach it either, so Sextant closed this connection.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/db/stallwatchdog.cpp" line="291"/>
        <source>The server has not answered for %n s and a second connection found it was no longer working on this step, so Sextant closed this connection.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StartupPage</name>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="16"/>
        <source>Preparing the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="17"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="20"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="21"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="97"/>
        <source>The workspace could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="101"/>
        <source>No reason was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/startuppage.cpp" line="113"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategyEditor</name>
    <message>
        <location filename="../ui/archetypes/strategyeditor.cpp" line="21"/>
        <location filename="../ui/archetypes/strategyeditor.cpp" line="22"/>
        <source>Name of the strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategyeditor.cpp" line="104"/>
        <source>The weights add up to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategyListModel</name>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="37"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="60"/>
        <source>%1 (built in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="64"/>
        <source>applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="67"/>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="89"/>
        <source>The stored priorities were last computed with this strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="101"/>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="103"/>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="105"/>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/archetypes/strategylistmodel.cpp" line="107"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategyPreviewer</name>
    <message>
        <location filename="../services/archetypes/strategypreview.cpp" line="38"/>
        <source>The preview was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategyService</name>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="24"/>
        <source>The strategy service was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="34"/>
        <source>Counting the memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="108"/>
        <source>Preview of the strategy %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="124"/>
        <source>Applying the strategy %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="146"/>
        <source>Undoing a strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="181"/>
        <source>Searching by meaning needs an embedder; set up the AI endpoint first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="182"/>
        <source>Type something to search for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="196"/>
        <source>The embedder returned no vector.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="222"/>
        <source>Reading every memory&apos;s priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="235"/>
        <source>The preview was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="236"/>
        <source>Ranking %n memories both ways</source>
        <translation>
            <numerusform>Ranking %n memory both ways</numerusform>
            <numerusform>Ranking %n memories both ways</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="244"/>
        <source>Explaining the moves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="286"/>
        <source>Recomputing the priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="305"/>
        <source>Recomputed %n priorities</source>
        <translation>
            <numerusform>Recomputed %n priority</numerusform>
            <numerusform>Recomputed %n priorities</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="318"/>
        <source>%1 The apply stopped after %n priorities; undo batch %2 to restore them.</source>
        <translation>
            <numerusform>%1 The apply stopped after %n priority; undo batch %2 to restore it.</numerusform>
            <numerusform>%1 The apply stopped after %n priorities; undo batch %2 to restore them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="325"/>
        <source>The apply was cancelled after %n priorities; undo batch %1 to restore them.</source>
        <translation>
            <numerusform>The apply was cancelled after %n priority; undo batch %1 to restore it.</numerusform>
            <numerusform>The apply was cancelled after %n priorities; undo batch %1 to restore them.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyservice.cpp" line="350"/>
        <source>Restoring the priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../services/archetypes/strategyservice.cpp" line="381"/>
        <source>The undo was cancelled after %n priorities; undo again to restore the rest.</source>
        <translation>
            <numerusform>The undo was cancelled after %n priority; undo again to restore the rest.</numerusform>
            <numerusform>The undo was cancelled after %n priorities; undo again to restore the rest.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StrategySimulation</name>
    <message>
        <location filename="../services/archetypes/strategysimulation.cpp" line="27"/>
        <source>Type a word to search for.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategySimulator</name>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="57"/>
        <source>By meaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="58"/>
        <source>Simulate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="59"/>
        <source>Under the edited strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="65"/>
        <source>Simulator search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="66"/>
        <source>Words to search for, or a sentence to search by meaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="68"/>
        <source>Search by the embeddings&apos; nearest neighbours instead of the words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="78"/>
        <source>Ranked today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="90"/>
        <source>Ranked by the strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="115"/>
        <source>Type what to search for first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="127"/>
        <source>Under “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archetypes/strategysimulator.cpp" line="136"/>
        <source>Could not simulate: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategyStore</name>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="50"/>
        <source>Reading the strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="91"/>
        <source>Reading the strategy applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="140"/>
        <source>Reading the weighting strategies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="167"/>
        <source>The default strategy cannot be changed; save the weights under a new name instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="179"/>
        <source>Checking the strategy&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="181"/>
        <source>There is already a strategy called “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="213"/>
        <source>Saving the strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="233"/>
        <source>The default strategy cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="241"/>
        <source>That strategy no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategystore.cpp" line="247"/>
        <source>Removing the strategy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SuggestionView</name>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="28"/>
        <source>Suggested weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="29"/>
        <source>Component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="29"/>
        <source>Coefficient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="29"/>
        <source>Std. error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="29"/>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="45"/>
        <source>Suggest weights fits approve against reject on the reviewed proposals&apos; components and saves the result as a draft version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="63"/>
        <source>Within two standard errors of 0: the reviews do not tell this effect from none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="65"/>
        <source>± %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="67"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/matching/suggestionview.cpp" line="69"/>
        <source>Saved as draft %1 from %n reviewed decisions: cross-validated ROC AUC %2, log-loss %3, λ = %4%5.</source>
        <translation>
            <numerusform>Saved as draft %1 from %n reviewed decision: cross-validated ROC AUC %2, log-loss %3, λ = %4%5.</numerusform>
            <numerusform>Saved as draft %1 from %n reviewed decisions: cross-validated ROC AUC %2, log-loss %3, λ = %4%5.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/matching/suggestionview.cpp" line="74"/>
        <source> (the fit did not fully converge)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskListModel</name>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="60"/>
        <source>Started %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="91"/>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="125"/>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="127"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="129"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="131"/>
        <source>Elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="133"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="142"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="145"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="147"/>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="149"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="151"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="153"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="155"/>
        <source>Superseded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="164"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/tasks/tasklistmodel.cpp" line="165"/>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskProgressRow</name>
    <message>
        <location filename="../ui/fairness/taskprogressrow.cpp" line="17"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/fairness/taskprogressrow.cpp" line="58"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TasksDock</name>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="15"/>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="37"/>
        <source>&amp;Cancel Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="39"/>
        <source>Stop the selected task; its result is discarded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="40"/>
        <source>Cancel &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="42"/>
        <source>C&amp;lear Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tasks/tasksdock.cpp" line="44"/>
        <source>Remove the tasks that have ended from the list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TlsDiagnosis</name>
    <message>
        <location filename="../services/db/tlsdiagnosis.cpp" line="85"/>
        <source>The root certificate file %1 does not exist: choose the certificate authority&apos;s file in the connection settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsageDock</name>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="22"/>
        <source>Usage and Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="47"/>
        <source>Edit &amp;Prices…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="49"/>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="81"/>
        <source>Usage could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/usagedock.cpp" line="99"/>
        <source>Today: %Ln tokens, %1</source>
        <translation>
            <numerusform>Today: %Ln token, %1</numerusform>
            <numerusform>Today: %Ln tokens, %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ai/usagedock.cpp" line="104"/>
        <source>Embedding cache: %1% hits (%2 of %Ln texts)</source>
        <translation>
            <numerusform>Embedding cache: %1% hits (%2 of %Ln text)</numerusform>
            <numerusform>Embedding cache: %1% hits (%2 of %Ln texts)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="101"/>
        <source>Last %1 days: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="106"/>
        <source>Embedding cache: not used yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="109"/>
        <source>Some models have no price: their cost counts as $0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/ai/usagedock.cpp" line="111"/>
        <source>The offline embedder is in use: it costs nothing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsageTableModel</name>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="106"/>
        <source>No price is set for %1: edit the price table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="112"/>
        <source>Interactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="114"/>
        <source>Embedding cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="114"/>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="114"/>
        <source>Embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="118"/>
        <source>%1 of %2 from cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="132"/>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="133"/>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="134"/>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="135"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="136"/>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="137"/>
        <source>Inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="138"/>
        <source>Prompt tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="139"/>
        <source>Completion tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/ai/usagetablemodel.cpp" line="140"/>
        <source>Cost (USD)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../services/core/validation.cpp" line="19"/>
        <source>%1 is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="22"/>
        <source>%1 must lie between 0 and 1, got %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="29"/>
        <source>%1 is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="63"/>
        <source>%1 has %2 dimensions; Sextant stores %3-dimensional vectors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="70"/>
        <source>%1 has a non-finite value (NaN or infinity) at dimension %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="77"/>
        <source>Memory id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="80"/>
        <source>Memory %1 has no creation time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="81"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="84"/>
        <source>Priority override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="87"/>
        <location filename="../services/core/validation.cpp" line="101"/>
        <source>The prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="88"/>
        <location filename="../services/core/validation.cpp" line="102"/>
        <source>The reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="88"/>
        <location filename="../services/core/validation.cpp" line="102"/>
        <source>The summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="91"/>
        <source>%1 of memory %2 is too long (%L3 characters; the limit is %L4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="105"/>
        <source>%1 of memory %2 holds a NUL character (U+0000), which cannot be stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="110"/>
        <source>A tag, the session, the user or the tone of memory %1 holds a NUL character (U+0000), which cannot be stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="114"/>
        <source>Decay rate must be a non-negative number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="115"/>
        <source>The memory embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="120"/>
        <source>Evaluation memory id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="124"/>
        <source>Unknown archetype index %1; expected Ella-M … Ella-F.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="130"/>
        <source>Archetype priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="132"/>
        <location filename="../services/core/validation.cpp" line="177"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="137"/>
        <source>Link source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="139"/>
        <source>Link target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="142"/>
        <source>Unknown link type &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="144"/>
        <source>Unknown link origin &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="146"/>
        <location filename="../services/core/validation.cpp" line="153"/>
        <source>Unknown archetype index %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="147"/>
        <source>Link strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="155"/>
        <source>Archetype state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="158"/>
        <source>Influence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="163"/>
        <source>Job id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="166"/>
        <source>Unknown job status &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="168"/>
        <source>Job budget must be a non-negative amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="174"/>
        <source>Match id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="176"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="178"/>
        <source>Skill match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="179"/>
        <source>Experience match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="180"/>
        <source>Success-rate match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="181"/>
        <source>Region match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="190"/>
        <source>Reviewed match id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="194"/>
        <source>Unknown review decision &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="196"/>
        <source>Review level must be 1 or 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="202"/>
        <source>Bias report entity id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="204"/>
        <source>Bias score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/core/validation.cpp" line="206"/>
        <source>Bias confidence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VectorSearch</name>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="40"/>
        <source>Counting the memories to search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="48"/>
        <source>Reading the pgvector version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="56"/>
        <source>Preparing the similarity search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="81"/>
        <source>Searching similar memories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/vectorsearch.cpp" line="155"/>
        <source>This workspace keeps no pgvector columns to search in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VersionEditor</name>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="29"/>
        <source>Semantic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="31"/>
        <source>Skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="33"/>
        <source>Experience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="35"/>
        <source>Success rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="37"/>
        <source>Region / timezone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="39"/>
        <source>Budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="53"/>
        <source>Normalise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="54"/>
        <source>Save as new version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="60"/>
        <source>Weight of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="64"/>
        <source>Weight of the %1 component in the score (key &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="79"/>
        <source>Scale the weights so that they sum to 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="88"/>
        <source>A candidate is proposed when its score reaches the threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="91"/>
        <source>At most this many candidates per job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="94"/>
        <source>A name no other matching version has</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="96"/>
        <source>Why this version: what it changes and what you expect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="100"/>
        <source>Save the draft as a new, inactive matching version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="104"/>
        <source>Threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="105"/>
        <source>Top-k:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="106"/>
        <source>Version name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="107"/>
        <source>Notes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="150"/>
        <source>%1-2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="193"/>
        <source>The weights sum to %1; they must sum to 1. Change them or press Normalise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="196"/>
        <source>Give the version a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matching/versioneditor.cpp" line="231"/>
        <source>Sum of the weights: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeightingStrategy</name>
    <message>
        <location filename="../services/archetypes/strategyrecords.cpp" line="12"/>
        <source>A strategy needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyrecords.cpp" line="17"/>
        <source>The weight of %1 is %2; each weight must be between 0 and 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyrecords.cpp" line="25"/>
        <source>The weights add up to %1; they must add up to 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/archetypes/strategyrecords.cpp" line="33"/>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceFileActions</name>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="17"/>
        <source>Sextant workspaces (*.sqlite *.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="40"/>
        <source>&amp;New Workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="42"/>
        <source>Create an empty workspace file, then import memories into it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="45"/>
        <source>&amp;Open Workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="49"/>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="69"/>
        <source>New Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="70"/>
        <source>workspace.sqlite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="81"/>
        <source>Open Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="103"/>
        <source>&amp;Clear Menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="130"/>
        <source>Workspace not opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacefileactions.cpp" line="131"/>
        <source>%1

The workspace that was open stays open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceSession</name>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="51"/>
        <source>Could not move the new workspace into place at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="58"/>
        <source>Demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="70"/>
        <source>%1 already exists. Open it with File → Open Workspace, or choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="108"/>
        <source>Creating the demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="140"/>
        <source>Connecting to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="148"/>
        <source>To apply them without the dialog, start Sextant with --connect and --migrate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/workspace/workspacesession.cpp" line="168"/>
        <source>Opening %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceStatusBar</name>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="18"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="47"/>
        <source>Show the Tasks panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="59"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="68"/>
        <location filename="../ui/window/workspacestatusbar.cpp" line="70"/>
        <source>%Ln memories</source>
        <translation>
            <numerusform>%Ln memory</numerusform>
            <numerusform>%Ln memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="69"/>
        <source>(%Ln archived or deleted)</source>
        <translation>
            <numerusform>(%Ln archived or deleted)</numerusform>
            <numerusform>(%Ln archived or deleted)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="71"/>
        <source>%Ln jobs</source>
        <translation>
            <numerusform>%Ln job</numerusform>
            <numerusform>%Ln jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="72"/>
        <source>%Ln freelancers</source>
        <translation>
            <numerusform>%Ln freelancer</numerusform>
            <numerusform>%Ln freelancers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="72"/>
        <source>%Ln matches</source>
        <translation>
            <numerusform>%Ln match</numerusform>
            <numerusform>%Ln matches</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="88"/>
        <source>Role: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="95"/>
        <source>Connection lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="102"/>
        <source>Connection lost — reconnecting (attempt %1, next in %2 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/window/workspacestatusbar.cpp" line="112"/>
        <source>Reconnected; the view was brought up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/window/workspacestatusbar.cpp" line="117"/>
        <source>%n task(s) running</source>
        <translation>
            <numerusform>%n task running</numerusform>
            <numerusform>%n tasks running</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkspaceStatusReader</name>
    <message>
        <location filename="../services/workspace/workspacestatus.cpp" line="41"/>
        <source>Counting the pending work</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="48"/>
        <source>Wrote %1, %2, %3 and %4 to %5 in %6 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="49"/>
        <location filename="../app/main.cpp" line="108"/>
        <source>%n memories</source>
        <translation>
            <numerusform>%n memory</numerusform>
            <numerusform>%n memories</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="50"/>
        <source>%n evaluations</source>
        <translation>
            <numerusform>%n evaluation</numerusform>
            <numerusform>%n evaluations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="51"/>
        <location filename="../app/main.cpp" line="109"/>
        <source>%n jobs</source>
        <translation>
            <numerusform>%n job</numerusform>
            <numerusform>%n jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="52"/>
        <location filename="../app/main.cpp" line="110"/>
        <source>%n freelancers</source>
        <translation>
            <numerusform>%n freelancer</numerusform>
            <numerusform>%n freelancers</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="68"/>
        <source>Applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="69"/>
        <source>%1 is up to date at schema version %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="72"/>
        <source>%1 is now at schema version %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="107"/>
        <source>Published %1, %2 and %3 to %4 in %5 s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
