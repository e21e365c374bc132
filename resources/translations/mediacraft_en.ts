<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>AppTray</name>
    <message numerus="yes">
        <source>%n task(s) running</source>
        <translation>
            <numerusform>%n task running</numerusform>
            <numerusform>%n tasks running</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CancelGuard</name>
    <message numerus="yes">
        <source>Cancel %n running task(s)?</source>
        <translation>
            <numerusform>Cancel %n running task?</numerusform>
            <numerusform>Cancel %n running tasks?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel task(s)</source>
        <translation>
            <numerusform>Cancel task</numerusform>
            <numerusform>Cancel tasks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message numerus="yes">
        <source>Tasks per day (last %n days)</source>
        <translation>
            <numerusform>Tasks per day (last %n days)</numerusform>
            <numerusform>Tasks per day (last %n days)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n running</numerusform>
            <numerusform>%n running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) are still running.</source>
        <translation>
            <numerusform>%n task is still running.</numerusform>
            <numerusform>%n tasks are still running.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MaskController</name>
    <message numerus="yes">
        <source>%n possible watermark(s) found. Add the right ones as regions.</source>
        <translation>
            <numerusform>%n possible watermark found. Add the right ones as regions.</numerusform>
            <numerusform>%n possible watermarks found. Add the right ones as regions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergeWorkspace</name>
    <message numerus="yes">
        <source>%n clip(s) added.</source>
        <translation>
            <numerusform>%n clip added.</numerusform>
            <numerusform>%n clips added.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already in the list.</source>
        <translation>
            <numerusform>%n already in the list.</numerusform>
            <numerusform>%n already in the list.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n clip(s)</source>
        <translation>
            <numerusform>%1 in %n clip</numerusform>
            <numerusform>%1 in %n clips</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoticeArea</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message numerus="yes">
        <source>%n unfinished task(s) from the last session will continue.</source>
        <translation>
            <numerusform>%n unfinished task from the last session will continue.</numerusform>
            <numerusform>%n unfinished tasks from the last session will continue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them stopped while running and resume where they left off.</source>
        <translation>
            <numerusform>%n of them stopped while running and resume where they left off.</numerusform>
            <numerusform>%n of them stopped while running and resume where they left off.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stored task(s) could not be read and were set aside in the quarantine folder.</source>
        <translation>
            <numerusform>%n stored task could not be read and was set aside in the quarantine folder.</numerusform>
            <numerusform>%n stored tasks could not be read and were set aside in the quarantine folder.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n leftover file(s) of runs that did not finish (%1 freed).</source>
        <translation>
            <numerusform>Removed %n leftover file of runs that did not finish (%1 freed).</numerusform>
            <numerusform>Removed %n leftover files of runs that did not finish (%1 freed).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) finished</source>
        <translation>
            <numerusform>%n task finished</numerusform>
            <numerusform>%n tasks finished</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n completed</source>
        <translation>
            <numerusform>%n completed</numerusform>
            <numerusform>%n completed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskActions</name>
    <message numerus="yes">
        <source>&amp;Cancel %n task(s)</source>
        <translation>
            <numerusform>&amp;Cancel %n task</numerusform>
            <numerusform>&amp;Cancel %n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Retry %n task(s)</source>
        <translation>
            <numerusform>&amp;Retry %n task</numerusform>
            <numerusform>&amp;Retry %n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Set priority of %n task(s)…</source>
        <translation>
            <numerusform>Set priority of %n task…</numerusform>
            <numerusform>Set priority of %n tasks…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Re&amp;move %n task(s)…</source>
        <translation>
            <numerusform>Re&amp;move %n task…</numerusform>
            <numerusform>Re&amp;move %n tasks…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Priority of %n task(s) (higher runs first):</source>
        <translation>
            <numerusform>Priority of %n task (higher runs first):</numerusform>
            <numerusform>Priority of %n tasks (higher runs first):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n task(s) from the list?</source>
        <translation>
            <numerusform>Remove %n task from the list?</numerusform>
            <numerusform>Remove %n tasks from the list?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them are running: they are cancelled and their work so far is discarded.</source>
        <translation>
            <numerusform>%n of them is running: it is cancelled and its work so far is discarded.</numerusform>
            <numerusform>%n of them are running: they are cancelled and their work so far is discarded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them have a result file. It stays on disk unless you tick the box.</source>
        <translation>
            <numerusform>%n of them has a result file. It stays on disk unless you tick the box.</numerusform>
            <numerusform>%n of them have a result file. It stays on disk unless you tick the box.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskDetailDialog</name>
    <message numerus="yes">
        <source>%n region(s)</source>
        <translation>
            <numerusform>%n region</numerusform>
            <numerusform>%n regions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with a mask</source>
        <translation>
            <numerusform>%n with a mask</numerusform>
            <numerusform>%n with a mask</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TasksDock</name>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n running</numerusform>
            <numerusform>%n running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
</TS>