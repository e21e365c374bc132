<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>MediaCraft is already running (process %1). Use its window or tray icon.</source>
        <translation>MediaCraft 已在运行（进程 %1）。请使用已打开的窗口或托盘图标。</translation>
    </message>
</context>
<context>
    <name>AppTray</name>
    <message>
        <source>Show MediaCraft</source>
        <translation>显示 MediaCraft</translation>
    </message>
    <message>
        <source>Pause queue</source>
        <translation>暂停队列</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) running</source>
        <translation>
            <numerusform>%n 个任务正在运行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CancelGuard</name>
    <message>
        <source>Cancel tasks</source>
        <translation>取消任务</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n running task(s)?</source>
        <translation>
            <numerusform>取消 %n 个正在运行的任务？</numerusform>
        </translation>
    </message>
    <message>
        <source>What has been processed so far is discarded.</source>
        <translation>目前已处理的部分将被丢弃。</translation>
    </message>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>不再询问</translation>
    </message>
    <message numerus="yes">
        <source>Cancel task(s)</source>
        <translation>
            <numerusform>取消任务</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>继续运行</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message numerus="yes">
        <source>Tasks per day (last %n days)</source>
        <translation>
            <numerusform>每日任务数（最近 %n 天）</numerusform>
        </translation>
    </message>
    <message>
        <source>No tasks in this period</source>
        <translation>这段时间没有任务</translation>
    </message>
    <message>
        <source>Disk use</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Results:</source>
        <translation>结果文件：</translation>
    </message>
    <message>
        <source>Temporary files:</source>
        <translation>临时文件：</translation>
    </message>
    <message>
        <source>Task list:</source>
        <translation>任务列表：</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>合计：</translation>
    </message>
    <message>
        <source>Tasks by type</source>
        <translation>按类型统计</translation>
    </message>
    <message>
        <source>Recent tasks</source>
        <translation>最近的任务</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>An input file could not be found.</source>
        <translation>找不到输入文件。</translation>
    </message>
    <message>
        <source>Check that the file was not moved, renamed or deleted and that its drive is connected, then add it again.</source>
        <translation>请确认文件没有被移动、重命名或删除，并且所在的磁盘已连接，然后重新添加。</translation>
    </message>
    <message>
        <source>An input file changed after the task was created.</source>
        <translation>任务创建之后，输入文件被修改过。</translation>
    </message>
    <message>
        <source>Remove the task and add the file again so the new version is checked.</source>
        <translation>请移除该任务并重新添加文件，以便检查新版本。</translation>
    </message>
    <message>
        <source>An input file could not be read as a video.</source>
        <translation>无法把输入文件当作视频读取。</translation>
    </message>
    <message>
        <source>Make sure the file plays in a media player and is not still being copied or downloaded; then retry.</source>
        <translation>请确认该文件能在播放器中播放，且没有仍在复制或下载中，然后重试。</translation>
    </message>
    <message>
        <source>An input is not usable for this task (empty, too large, or the wrong number of files).</source>
        <translation>输入不适用于此任务（文件为空、过大或文件数量不对）。</translation>
    </message>
    <message>
        <source>Read the detail below, choose different files and submit again.</source>
        <translation>请查看下方详情，换用其他文件后重新提交。</translation>
    </message>
    <message>
        <source>This file type or codec is not supported.</source>
        <translation>不支持这种文件类型或编码格式。</translation>
    </message>
    <message>
        <source>Convert the file to MP4 (H.264/AAC) with another tool, then try again.</source>
        <translation>请先用其他工具把文件转换为 MP4（H.264/AAC），然后再试。</translation>
    </message>
    <message>
        <source>The clips cannot be joined as they are.</source>
        <translation>这些片段无法直接拼接。</translation>
    </message>
    <message>
        <source>Choose the “Re-encode” mode so the clips are converted to one format; retry.</source>
        <translation>请选择“重新编码”模式，把片段转换为统一格式后重试。</translation>
    </message>
    <message>
        <source>The task settings are not valid.</source>
        <translation>任务设置无效。</translation>
    </message>
    <message>
        <source>Check the regions or options you chose (for example a region outside the picture) and submit again.</source>
        <translation>请检查所选的区域或选项（例如区域超出了画面），然后重新提交。</translation>
    </message>
    <message>
        <source>There is not enough free disk space.</source>
        <translation>磁盘剩余空间不足。</translation>
    </message>
    <message>
        <source>Free some space or choose an output folder on another drive in Settings, then retry.</source>
        <translation>请释放一些空间，或在“设置”中选择其他磁盘上的输出文件夹，然后重试。</translation>
    </message>
    <message>
        <source>The result could not be written to the output folder.</source>
        <translation>无法把结果写入输出文件夹。</translation>
    </message>
    <message>
        <source>Choose an output folder you can write to in Settings, then retry.</source>
        <translation>请在“设置”中选择一个有写入权限的输出文件夹，然后重试。</translation>
    </message>
    <message>
        <source>The output file name or path is not usable.</source>
        <translation>输出文件名或路径不可用。</translation>
    </message>
    <message>
        <source>Give a plain file name (no / or \, not ..) ending in a video format such as .mp4, not a folder; then submit again.</source>
        <translation>请填写一个普通文件名（不含 / 或 \，也不能是 ..），以 .mp4 等视频格式结尾，而不是文件夹；然后重新提交。</translation>
    </message>
    <message>
        <source>FFmpeg, which does the video work, was not found.</source>
        <translation>找不到负责视频处理的 FFmpeg。</translation>
    </message>
    <message>
        <source>Install FFmpeg (or reinstall MediaCraft, which bundles it), then retry.</source>
        <translation>请安装 FFmpeg（或重新安装自带 FFmpeg 的 MediaCraft），然后重试。</translation>
    </message>
    <message>
        <source>FFmpeg stopped with an error while processing the video.</source>
        <translation>FFmpeg 在处理视频时出错停止。</translation>
    </message>
    <message>
        <source>Retry once; if it fails again, the task log shows FFmpeg&apos;s last messages — the file may be damaged.</source>
        <translation>请先重试一次；如果仍然失败，任务日志中有 FFmpeg 的最后输出——文件可能已损坏。</translation>
    </message>
    <message>
        <source>The result did not pass the final check, so it was discarded.</source>
        <translation>结果未通过最终校验，已被丢弃。</translation>
    </message>
    <message>
        <source>Retry; if it keeps failing, try the “Re-encode” mode or different input files.</source>
        <translation>请重试；如果一直失败，请尝试“重新编码”模式或换用其他输入文件。</translation>
    </message>
    <message>
        <source>The task took longer than the time limit.</source>
        <translation>任务耗时超过了时间上限。</translation>
    </message>
    <message>
        <source>Raise or turn off the task time limit in Settings, then retry.</source>
        <translation>请在“设置”中提高或关闭任务时间上限，然后重试。</translation>
    </message>
    <message>
        <source>Something unexpected went wrong.</source>
        <translation>发生了意外错误。</translation>
    </message>
    <message>
        <source>Retry the task. If it happens again, copy the task log and report it.</source>
        <translation>请重试该任务。如果再次出现，请复制任务日志并反馈问题。</translation>
    </message>
    <message>
        <source>This kind of task is not known to this version of MediaCraft.</source>
        <translation>当前版本的 MediaCraft 不认识这种任务。</translation>
    </message>
    <message>
        <source>Update MediaCraft, or remove the task.</source>
        <translation>请更新 MediaCraft，或移除该任务。</translation>
    </message>
    <message>
        <source>The component that does this kind of work is not available.</source>
        <translation>负责此类处理的组件不可用。</translation>
    </message>
    <message>
        <source>Reinstall MediaCraft; if you run from source, install its dependencies.</source>
        <translation>请重新安装 MediaCraft；如果从源码运行，请安装其依赖。</translation>
    </message>
</context>
<context>
    <name>FileName</name>
    <message>
        <source>A file name cannot contain / or \. The result is saved in the output folder; choose another folder there.</source>
        <translation>文件名不能包含 / 或 \。结果保存在输出文件夹中；如需其他位置，请在那里选择另一个文件夹。</translation>
    </message>
    <message>
        <source>“{0}” is not a file name. Enter a name for the result.</source>
        <translation>“{0}”不是文件名。请为结果输入一个名称。</translation>
    </message>
    <message>
        <source>The file name contains a character that is not allowed.</source>
        <translation>文件名包含不允许的字符。</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>MediaCraft guide</source>
        <translation>MediaCraft 使用指南</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open a video with File → Open, by dropping it on the window, or from the command line. One video opens in the Remove watermark workspace; several files or a folder go to the Merge list.</source>
        <translation>通过“文件 → 打开”、把文件拖到窗口上或在命令行中打开视频。单个视频在“去水印”工作区中打开；多个文件或一个文件夹会进入“合并”列表。</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>Scrub to a frame where the watermark shows and drag a rectangle over it; draw one per watermark. Move and resize them by their handles. Detect logos ({0}) suggests rectangles; Estimate mask ({1}) keeps only the logo&apos;s own pixels, and the brush ({2}) corrects that mask. Your regions are kept for each video: open it again later and they are back.</source>
        <translation>拖动到水印出现的画面，在水印上拖出一个矩形；每个水印画一个。拖动控制点可移动和调整大小。“检测水印”（{0}）会给出建议的矩形；“估算蒙版”（{1}）只保留水印本身的像素，画笔（{2}）可修正蒙版。区域按视频保存：以后再次打开该视频，它们都还在。</translation>
    </message>
    <message>
        <source>Choose the method and compare</source>
        <translation>选择方法并对比</translation>
    </message>
    <message>
        <source>Automatic chooses per region and is the usual choice. Preview removal ({0}) shows the current frame processed; Split ({1}) shows the original and the result side by side (drag the divider), and holding {2} shows the original for as long as you hold it, at any zoom.</source>
        <translation>“自动”会为每个区域选择方法，通常选它即可。“预览去除效果”（{0}）显示处理后的当前帧；“分屏”（{1}）左右并排显示原始画面和处理结果（可拖动分隔线）；按住 {2} 时显示原始画面，松开即恢复，任何缩放比例下都可用。</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Choose the folder, name, format and quality and click Add to queue. Tasks run in the background; the Tasks panel shows their progress, and you can close the app: unfinished tasks resume next time. To try other settings on a finished task, right-click it and choose Edit again.</source>
        <translation>选择文件夹、文件名、格式和质量，然后点击“加入队列”。任务在后台运行，“任务”面板显示进度；可以关闭应用，未完成的任务下次会继续。想用其他设置重新处理已结束的任务时，右键点击它并选择“再次编辑”。</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Drop clips on the Merge workspace, drag them into order and add the merge to the queue. Clips that match are joined without re-encoding; otherwise they are converted to one format, and the workspace says why.</source>
        <translation>把片段拖到“合并”工作区，拖动调整顺序，然后把合并加入队列。参数一致的片段无需重新编码即可拼接；否则会统一转换为同一格式，工作区会说明原因。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Checking</source>
        <translation>检查中</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>已搁置</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Watermark removal</source>
        <translation>去水印</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>视频合并</translation>
    </message>
    <message>
        <source>Test steps</source>
        <translation>测试步骤</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Border interpolation</source>
        <translation>边缘插值</translation>
    </message>
    <message>
        <source>Inpainting</source>
        <translation>图像修复</translation>
    </message>
    <message>
        <source>Temporal (moving camera)</source>
        <translation>时域填充（镜头移动）</translation>
    </message>
    <message>
        <source>De-blend (translucent logo)</source>
        <translation>反混合（半透明水印）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Remove watermark</source>
        <translation>去水印</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Open video…</source>
        <translation>打开视频(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a video to remove a watermark (or drop files on the window)</source>
        <translation>打开视频以去除水印（也可以把文件拖到窗口上）</translation>
    </message>
    <message>
        <source>&amp;Add clips to merge…</source>
        <translation>添加要合并的片段(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Remove watermark</source>
        <translation>去水印(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>合并(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>概览(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Tasks panel</source>
        <translation>任务面板(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;About MediaCraft</source>
        <translation>关于 MediaCraft(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Guide</source>
        <translation>使用指南(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Open video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <source>Videos (%1)</source>
        <translation>视频 (%1)</translation>
    </message>
    <message>
        <source>Not a video file: %1</source>
        <translation>不是视频文件：%1</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>Added to the queue</source>
        <translation>已加入队列</translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n 个运行中</numerusform>
        </translation>
    </message>
    <message>
        <source>queue paused</source>
        <translation>队列已暂停</translation>
    </message>
    <message>
        <source>About MediaCraft</source>
        <translation>关于 MediaCraft</translation>
    </message>
    <message>
        <source>&lt;h3&gt;MediaCraft Desktop&lt;/h3&gt;&lt;p&gt;Remove watermarks and merge clips, with a task queue that keeps working in the background and survives restarts.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;MediaCraft Desktop&lt;/h3&gt;&lt;p&gt;去除水印、合并片段。任务队列在后台持续工作，重启后也能继续。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Tasks are running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) are still running.</source>
        <translation>
            <numerusform>还有 %n 个任务正在运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>If you quit, they stop now and continue where they left off the next time you start MediaCraft.</source>
        <translation>如果现在退出，这些任务会立即停止，下次启动 MediaCraft 时从中断处继续。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Keep running in the tray</source>
        <translation>在托盘中继续运行</translation>
    </message>
    <message>
        <source>MediaCraft keeps working in the tray. Quit from the tray menu.</source>
        <translation>MediaCraft 会在托盘中继续工作。如需退出，请使用托盘菜单。</translation>
    </message>
</context>
<context>
    <name>MaskController</name>
    <message numerus="yes">
        <source>%n possible watermark(s) found. Add the right ones as regions.</source>
        <translation>
            <numerusform>找到 %n 个可能的水印。请把正确的添加为区域。</numerusform>
        </translation>
    </message>
    <message>
        <source>No watermark found. Draw the regions by hand.</source>
        <translation>未找到水印。请手动绘制区域。</translation>
    </message>
    <message>
        <source>translucent</source>
        <translation>半透明</translation>
    </message>
    <message>
        <source>opaque</source>
        <translation>不透明</translation>
    </message>
    <message>
        <source>{0}. {1} × {2} at {3}, {4} · {5} % · {6}</source>
        <translation>{0}. {1} × {2}，位置 {3}, {4} · {5} % · {6}</translation>
    </message>
    <message>
        <source>Select a region first.</source>
        <translation>请先选择一个区域。</translation>
    </message>
    <message>
        <source>Mask estimated: {0} % of the rectangle is logo. Correct it with the brush (B).</source>
        <translation>蒙版已估算：矩形中 {0} % 为水印。可用画笔 (B) 修正。</translation>
    </message>
    <message>
        <source>The mask stays where it was on the picture; any newly covered part is filled whole. Estimate the mask again to fit the new rectangle.</source>
        <translation>蒙版保持在画面上原来的位置；新覆盖的部分将整体填充。请重新估算蒙版以适应新矩形。</translation>
    </message>
    <message>
        <source>Looking for logos in frames across the video…</source>
        <translation>正在视频各处的帧中查找水印…</translation>
    </message>
    <message>
        <source>Estimating the mask…</source>
        <translation>正在估算蒙版…</translation>
    </message>
</context>
<context>
    <name>MaskLayer</name>
    <message>
        <source>Paint inside a region: the brush edits the mask of the rectangle under it.</source>
        <translation>请在区域内绘制：画笔编辑其下方矩形的蒙版。</translation>
    </message>
    <message>
        <source>Brush: left button adds to the mask, right button or Alt erases; [ and ] change the size.</source>
        <translation>画笔：左键添加到蒙版，右键或 Alt 擦除；[ 和 ] 调整大小。</translation>
    </message>
</context>
<context>
    <name>MaskToolsPanel</name>
    <message>
        <source>Mask and detection</source>
        <translation>蒙版与检测</translation>
    </message>
    <message>
        <source>Detect logos</source>
        <translation>检测水印</translation>
    </message>
    <message>
        <source>Look for watermarks across the video and suggest regions (D)</source>
        <translation>在整个视频中查找水印并建议区域 (D)</translation>
    </message>
    <message>
        <source>Estimate mask</source>
        <translation>估算蒙版</translation>
    </message>
    <message>
        <source>Find the logo&apos;s own pixels in the selected region, so only they are filled (E)</source>
        <translation>找出所选区域中属于水印本身的像素，只填充这些像素 (E)</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Correct the mask: left button adds, right button or Alt + left erases (B)</source>
        <translation>修正蒙版：左键添加，右键或 Alt + 左键擦除 (B)</translation>
    </message>
    <message>
        <source>Show mask</source>
        <translation>显示蒙版</translation>
    </message>
    <message>
        <source>Show the masks over the frame (M)</source>
        <translation>在画面上显示蒙版 (M)</translation>
    </message>
    <message>
        <source>Smaller brush</source>
        <translation>缩小画笔</translation>
    </message>
    <message>
        <source>Smaller brush ([)</source>
        <translation>缩小画笔 ([)</translation>
    </message>
    <message>
        <source>Larger brush</source>
        <translation>放大画笔</translation>
    </message>
    <message>
        <source>Larger brush (])</source>
        <translation>放大画笔 (])</translation>
    </message>
    <message>
        <source>Remove mask</source>
        <translation>移除蒙版</translation>
    </message>
    <message>
        <source>Forget the selected region&apos;s mask: its whole rectangle is filled again</source>
        <translation>移除所选区域的蒙版：重新填充整个矩形</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Brush diameter in source pixels ([ smaller, ] larger)</source>
        <translation>画笔直径，单位为源像素（[ 缩小，] 放大）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the analysis</source>
        <translation>停止分析</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add the selected suggestions as regions (or double-click one)</source>
        <translation>将所选建议添加为区域（或双击其中一个）</translation>
    </message>
    <message>
        <source>Add all</source>
        <translation>全部添加</translation>
    </message>
    <message>
        <source>Add every suggestion as a region</source>
        <translation>将所有建议添加为区域</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Hide the suggestions</source>
        <translation>隐藏建议</translation>
    </message>
</context>
<context>
    <name>MergeText</name>
    <message>
        <source>clip %1 has no video, the first clip has</source>
        <translation>片段 %1 没有视频，而第一个片段有</translation>
    </message>
    <message>
        <source>clip %1 has video, the first clip has none</source>
        <translation>片段 %1 有视频，而第一个片段没有</translation>
    </message>
    <message>
        <source>clip %1 has no audio, the first clip has</source>
        <translation>片段 %1 没有音频，而第一个片段有</translation>
    </message>
    <message>
        <source>clip %1 has audio, the first clip has none</source>
        <translation>片段 %1 有音频，而第一个片段没有</translation>
    </message>
    <message>
        <source>clip %1 has %2 fps, first clip %3 fps</source>
        <translation>片段 %1 为 %2 fps，第一个片段为 %3 fps</translation>
    </message>
    <message>
        <source>clip %1 is %2, first clip %3</source>
        <translation>片段 %1 为 %2，第一个片段为 %3</translation>
    </message>
    <message>
        <source>clip %1 uses %2 video, first clip %3</source>
        <translation>片段 %1 的视频编码为 %2，第一个片段为 %3</translation>
    </message>
    <message>
        <source>clip %1 uses the %2 profile, first clip %3</source>
        <translation>片段 %1 使用 %2 档次，第一个片段为 %3</translation>
    </message>
    <message>
        <source>clip %1 has pixel format %2, first clip %3</source>
        <translation>片段 %1 的像素格式为 %2，第一个片段为 %3</translation>
    </message>
    <message>
        <source>clip %1 has pixel aspect %2, first clip %3</source>
        <translation>片段 %1 的像素宽高比为 %2，第一个片段为 %3</translation>
    </message>
    <message>
        <source>clip %1 is rotated %2°, first clip %3°</source>
        <translation>片段 %1 旋转了 %2°，第一个片段为 %3°</translation>
    </message>
    <message>
        <source>clip %1 has time base %2, first clip %3</source>
        <translation>片段 %1 的时间基为 %2，第一个片段为 %3</translation>
    </message>
    <message>
        <source>clip %1 was encoded with other settings than the first</source>
        <translation>片段 %1 的编码参数与第一个片段不同</translation>
    </message>
    <message>
        <source>clip %1 has %2 audio, first clip %3</source>
        <translation>片段 %1 的音频编码为 %2，第一个片段为 %3</translation>
    </message>
    <message>
        <source>clip %1 has audio at %2 Hz, first clip %3 Hz</source>
        <translation>片段 %1 的音频采样率为 %2 Hz，第一个片段为 %3 Hz</translation>
    </message>
    <message>
        <source>clip %1 has %2 audio channels, first clip %3</source>
        <translation>片段 %1 有 %2 个声道，第一个片段为 %3</translation>
    </message>
    <message>
        <source>clip %1 has audio sample format %2, first clip %3</source>
        <translation>片段 %1 的音频采样格式为 %2，第一个片段为 %3</translation>
    </message>
    <message>
        <source>clip %1 differs from the first clip (%2 vs %3)</source>
        <translation>片段 %1 与第一个片段不同（%2 对 %3）</translation>
    </message>
    <message>
        <source>the chosen size %2 differs from the clips&apos; %3</source>
        <translation>所选尺寸 %2 与片段的 %3 不同</translation>
    </message>
    <message>
        <source>the chosen frame rate %2 fps differs from the clips&apos; %3 fps</source>
        <translation>所选帧率 %2 fps 与片段的 %3 fps 不同</translation>
    </message>
    <message>
        <source>the chosen sample rate %2 Hz differs from the clips&apos; %3 Hz</source>
        <translation>所选采样率 %2 Hz 与片段的 %3 Hz 不同</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 fps</translation>
    </message>
    <message>
        <source>no video</source>
        <translation>无视频</translation>
    </message>
    <message>
        <source>no audio</source>
        <translation>无音频</translation>
    </message>
    <message>
        <source>Add at least two clips</source>
        <translation>请至少添加两个片段</translation>
    </message>
    <message>
        <source>Drop videos or folders here, or use Add clips.</source>
        <translation>把视频或文件夹拖到这里，或点击“添加片段”。</translation>
    </message>
    <message>
        <source>Checking the clips…</source>
        <translation>正在检查片段…</translation>
    </message>
    <message>
        <source>Each clip is read in the background.</source>
        <translation>每个片段都在后台读取。</translation>
    </message>
    <message>
        <source>Cannot read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>Remove these clips or replace them with files that play.</source>
        <translation>请移除这些片段，或换成能正常播放的文件。</translation>
    </message>
    <message>
        <source>Re-encode (chosen): the clips would also join by copy</source>
        <translation>重新编码（已选择）：这些片段其实也可以直接复制拼接</translation>
    </message>
    <message>
        <source>Re-encoding is slower; Auto would copy without loss.</source>
        <translation>重新编码较慢；选“自动”可无损直接复制。</translation>
    </message>
    <message>
        <source>Stream copy: all clips match</source>
        <translation>流复制：所有片段格式一致</translation>
    </message>
    <message>
        <source>The clips are joined without re-encoding: fast and lossless.</source>
        <translation>片段将直接拼接，无需重新编码：速度快且无损。</translation>
    </message>
    <message>
        <source>Re-encode: %1</source>
        <translation>需要重新编码：%1</translation>
    </message>
    <message>
        <source>(and %n more)</source>
        <translation>（另有 %n 处不同）</translation>
    </message>
    <message>
        <source>Stream copy was chosen, but the clips differ: the merge would be refused. Choose Auto or Re-encode.</source>
        <translation>已选择“仅流复制”，但片段格式不一致，合并会被拒绝。请选择“自动”或“重新编码”。</translation>
    </message>
    <message>
        <source>Stream copy was chosen, but it keeps the clips&apos; format: the merge would be refused. Choose Auto, or keep the settings automatic.</source>
        <translation>已选择流复制，但它会保留片段的格式：合并将被拒绝。请选择“自动”，或将输出设置保持为自动。</translation>
    </message>
    <message>
        <source>The clips are converted to the output settings below (by default the most common size and the highest clip frame rate as a standard rate); slower.</source>
        <translation>片段会被转换为下方的输出设置（默认使用最常见的尺寸，以及片段中最高帧率对应的标准帧率）；速度较慢。</translation>
    </message>
    <message>
        <source>%n more audio track(s)</source>
        <translation>另有 %n 条音轨</translation>
    </message>
    <message>
        <source>cover picture</source>
        <translation>封面图片</translation>
    </message>
    <message>
        <source>subtitles</source>
        <translation>字幕</translation>
    </message>
    <message>
        <source>Not kept in the result: %1</source>
        <translation>以下内容不会保留在结果中：%1</translation>
    </message>
</context>
<context>
    <name>MergeWorkspace</name>
    <message>
        <source>Merge clips</source>
        <translation>合并片段</translation>
    </message>
    <message>
        <source>Drop video files or folders here, drag clips to set the order, then add the merge to the queue.</source>
        <translation>把视频文件或文件夹拖到这里，拖动片段调整顺序，然后把合并任务加入队列。</translation>
    </message>
    <message>
        <source>Drop videos or folders here</source>
        <translation>把视频或文件夹拖到这里</translation>
    </message>
    <message>
        <source>Add clips…</source>
        <translation>添加片段…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Total duration:</source>
        <translation>总时长：</translation>
    </message>
    <message>
        <source>Joining:</source>
        <translation>拼接方式：</translation>
    </message>
    <message>
        <source>Output file name:</source>
        <translation>输出文件名：</translation>
    </message>
    <message>
        <source>automatic (in the output folder from Settings)</source>
        <translation>自动（保存在“设置”中的输出文件夹）</translation>
    </message>
    <message>
        <source>Auto: copy when possible, else re-encode</source>
        <translation>自动：能复制就复制，否则重新编码</translation>
    </message>
    <message>
        <source>Stream copy only (fast, lossless)</source>
        <translation>仅流复制（快速、无损）</translation>
    </message>
    <message>
        <source>Always re-encode</source>
        <translation>始终重新编码</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>加入队列</translation>
    </message>
    <message>
        <source>Output settings</source>
        <translation>输出设置</translation>
    </message>
    <message>
        <source>Resolution, frame rate, orientation and audio of the result</source>
        <translation>结果的分辨率、帧率、方向和音频</translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) added.</source>
        <translation>
            <numerusform>已添加 %n 个片段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already in the list.</source>
        <translation>
            <numerusform>%n 个已在列表中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not a video or audio file: %1</source>
        <translation>不是视频或音频文件：%1</translation>
    </message>
    <message>
        <source>No video files found there.</source>
        <translation>那里没有找到视频文件。</translation>
    </message>
    <message>
        <source>Add clips</source>
        <translation>添加片段</translation>
    </message>
    <message>
        <source>Videos (%1)</source>
        <translation>视频 (%1)</translation>
    </message>
    <message>
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n clip(s)</source>
        <translation>
            <numerusform>%1，共 %n 个片段</numerusform>
        </translation>
    </message>
    <message>
        <source>Added to the queue. Follow it in the Tasks panel.</source>
        <translation>已加入队列。可在任务面板中查看进度。</translation>
    </message>
</context>
<context>
    <name>NoticeArea</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>还有 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the other notices</source>
        <translation>显示其他通知</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message numerus="yes">
        <source>%n unfinished task(s) from the last session will continue.</source>
        <translation>
            <numerusform>上次会话有 %n 个未完成的任务，将继续执行。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them stopped while running and resume where they left off.</source>
        <translation>
            <numerusform>其中 %n 个在运行中被中断，将从中断处继续。</numerusform>
        </translation>
    </message>
    <message>
        <source>Show them</source>
        <translation>查看</translation>
    </message>
    <message numerus="yes">
        <source>%n stored task(s) could not be read and were set aside in the quarantine folder.</source>
        <translation>
            <numerusform>有 %n 个已保存的任务无法读取，已移到隔离文件夹。</numerusform>
        </translation>
    </message>
    <message>
        <source>The queue is paused: only %1 free in %2, at least %3 needed. Free some space or change the output folder; the queue resumes by itself when space is back.</source>
        <translation>队列已暂停：%2 只剩 %1 可用空间，至少需要 %3。请释放空间或更换输出文件夹；空间恢复后队列会自动继续。</translation>
    </message>
    <message>
        <source>Free space is back in %1: the queue resumed.</source>
        <translation>%1 已有足够的可用空间：队列已恢复。</translation>
    </message>
    <message>
        <source>The task list could not be saved (%1). It is retried; check free space in the data folder.</source>
        <translation>无法保存任务列表（%1）。程序会自动重试；请检查数据文件夹所在磁盘的剩余空间。</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n leftover file(s) of runs that did not finish (%1 freed).</source>
        <translation>
            <numerusform>已清理 %n 个未完成的运行留下的文件（释放 %1）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Task completed</source>
        <translation>任务已完成</translation>
    </message>
    <message>
        <source>Task failed</source>
        <translation>任务失败</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) finished</source>
        <translation>
            <numerusform>%n 个任务已结束</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n completed</source>
        <translation>
            <numerusform>%n 个完成</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n 个失败</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutputPanel</name>
    <message>
        <source>Folder for the result</source>
        <translation>结果保存的文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File name without extension</source>
        <translation>文件名（不含扩展名）</translation>
    </message>
    <message>
        <source>MP4 (H.264, plays everywhere)</source>
        <translation>MP4（H.264，兼容性最好）</translation>
    </message>
    <message>
        <source>MKV (Matroska)</source>
        <translation>MKV(Matroska)</translation>
    </message>
    <message>
        <source>MOV (QuickTime)</source>
        <translation>MOV(QuickTime)</translation>
    </message>
    <message>
        <source>High (larger file)</source>
        <translation>高（文件较大）</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Small file (lower quality)</source>
        <translation>小文件（画质较低）</translation>
    </message>
    <message>
        <source>Chosen per region from the picture: the usual choice</source>
        <translation>根据画面为每个区域自动选择：通常的选择</translation>
    </message>
    <message>
        <source>Blend the rectangle from its edges: fast, good on plain backgrounds</source>
        <translation>由矩形边缘插值填充：速度快，适合平坦背景</translation>
    </message>
    <message>
        <source>Rebuild the hidden pixels from their surroundings: slower, for textured backgrounds</source>
        <translation>根据周围像素重建被遮挡的像素：较慢，适合有纹理的背景</translation>
    </message>
    <message>
        <source>Take the hidden pixels from neighbouring frames: best when the camera moves</source>
        <translation>从相邻帧中取得被遮挡的像素：镜头移动时效果最好</translation>
    </message>
    <message>
        <source>Undo a semi-transparent logo&apos;s blending: keeps the picture under it</source>
        <translation>还原半透明水印的混合：保留其下方的画面</translation>
    </message>
    <message>
        <source>How the watermark&apos;s pixels are filled</source>
        <translation>水印像素的填充方式</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>画质</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>加入队列</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>选择输出文件夹</translation>
    </message>
</context>
<context>
    <name>OutputSettingsPanel</name>
    <message>
        <source>Resolution:</source>
        <translation>分辨率：</translation>
    </message>
    <message>
        <source>Frame rate:</source>
        <translation>帧率：</translation>
    </message>
    <message>
        <source>Orientation:</source>
        <translation>方向：</translation>
    </message>
    <message>
        <source>Audio:</source>
        <translation>音频：</translation>
    </message>
    <message>
        <source>Automatic (most common clip size)</source>
        <translation>自动（最常见的片段尺寸）</translation>
    </message>
    <message>
        <source>Same as the first clip</source>
        <translation>与第一个片段相同</translation>
    </message>
    <message>
        <source>Largest clip</source>
        <translation>最大的片段</translation>
    </message>
    <message>
        <source>720p (1280×720)</source>
        <translation>720p（1280×720）</translation>
    </message>
    <message>
        <source>1080p (1920×1080)</source>
        <translation>1080p（1920×1080）</translation>
    </message>
    <message>
        <source>4K (3840×2160)</source>
        <translation>4K（3840×2160）</translation>
    </message>
    <message>
        <source>Automatic (highest clip rate)</source>
        <translation>自动（片段中的最高帧率）</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 fps</translation>
    </message>
    <message>
        <source>As the clips</source>
        <translation>与片段相同</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>纵向</translation>
    </message>
    <message>
        <source>Automatic (48 kHz)</source>
        <translation>自动（48 kHz）</translation>
    </message>
    <message>
        <source>%1 kHz</source>
        <translation>%1 kHz</translation>
    </message>
</context>
<context>
    <name>Player</name>
    <message>
        <source>Play or pause (Space). J, K, L: back, pause, forward; press J or L again for 2x and 4x.</source>
        <translation>播放或暂停（空格）。J、K、L：倒放、暂停、播放；再按 J 或 L 切换为 2 倍和 4 倍速。</translation>
    </message>
    <message>
        <source>Loop the selected region&apos;s time range, or the whole video when it has none</source>
        <translation>循环播放所选区域的时间范围；区域没有时间范围时循环整个视频</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Process about two seconds around this frame with the regions and method and play them in a loop (Shift+P)</source>
        <translation>用当前区域和方法处理此帧前后约两秒，并循环播放（Shift+P）</translation>
    </message>
    <message>
        <source>Preview clip</source>
        <translation>预览片段</translation>
    </message>
    <message>
        <source>Play/Pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <source>Play backwards</source>
        <translation>倒放</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play forward</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Playback stopped: the video could not be decoded from here.</source>
        <translation>播放已停止：无法从此处解码视频。</translation>
    </message>
    <message>
        <source>Draw a region first: the preview clip shows it removed.</source>
        <translation>请先绘制区域：预览片段会显示去除后的效果。</translation>
    </message>
    <message>
        <source>Making the preview clip…</source>
        <translation>正在生成预览片段…</translation>
    </message>
    <message>
        <source>Making the preview clip… {0} %</source>
        <translation>正在生成预览片段… {0} %</translation>
    </message>
    <message>
        <source>Preview clip: frames {0}–{1} with the regions removed, in a loop. Shift+P ends it.</source>
        <translation>预览片段：第 {0}–{1} 帧（已去除区域），循环播放。按 Shift+P 结束。</translation>
    </message>
    <message>
        <source>The preview clip could not be made.</source>
        <translation>无法生成预览片段。</translation>
    </message>
</context>
<context>
    <name>RegionPanel</name>
    <message>
        <source>No regions yet. Drag on the picture to mark a watermark.</source>
        <translation>还没有区域。在画面上拖动即可框出水印。</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Start here</source>
        <translation>从此处开始</translation>
    </message>
    <message>
        <source>The region applies from the current frame on.</source>
        <translation>该区域从当前帧开始生效。</translation>
    </message>
    <message>
        <source>End here</source>
        <translation>到此处结束</translation>
    </message>
    <message>
        <source>The region applies up to and including the current frame.</source>
        <translation>该区域生效到当前帧（含）为止。</translation>
    </message>
    <message>
        <source>Whole video</source>
        <translation>整个视频</translation>
    </message>
    <message>
        <source>The region applies to every frame.</source>
        <translation>该区域对所有帧生效。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected region (Delete)</source>
        <translation>删除选中的区域（Delete）</translation>
    </message>
    <message>
        <source>Delete all</source>
        <translation>全部删除</translation>
    </message>
    <message>
        <source>{0}.  {1} × {2} at {3}, {4} · whole video</source>
        <translation>{0}.  {1} × {2}，位于 {3}, {4} · 整个视频</translation>
    </message>
    <message>
        <source>{0}.  {1} × {2} at {3}, {4} · {5} – {6}</source>
        <translation>{0}.  {1} × {2}，位于 {3}, {4} · {5} – {6}</translation>
    </message>
    <message>
        <source>end</source>
        <translation>结尾</translation>
    </message>
    <message>
        <source>Select a region to edit it.</source>
        <translation>选中一个区域即可编辑。</translation>
    </message>
    <message>
        <source>Applies to the whole video.</source>
        <translation>对整个视频生效。</translation>
    </message>
    <message>
        <source>Applies from {0} to the end.</source>
        <translation>从 {0} 生效到结尾。</translation>
    </message>
    <message>
        <source>Applies from the start until {0}.</source>
        <translation>从开头生效到 {0}。</translation>
    </message>
    <message>
        <source>Applies from {0} until {1}.</source>
        <translation>从 {0} 生效到 {1}。</translation>
    </message>
</context>
<context>
    <name>RemovalMessages</name>
    <message>
        <source>The file could not be found. It may have been moved, renamed or deleted.</source>
        <translation>找不到该文件。它可能已被移动、重命名或删除。</translation>
    </message>
    <message>
        <source>This file has no video picture to show. It may be audio only, empty, or not a regular file.</source>
        <translation>该文件没有可显示的视频画面。它可能只有音频、是空文件，或不是普通文件。</translation>
    </message>
    <message>
        <source>This video format is not supported. Convert it to MP4 (H.264) and try again.</source>
        <translation>不支持这种视频格式。请转换为 MP4（H.264）后重试。</translation>
    </message>
    <message>
        <source>FFmpeg was not found, so videos cannot be read. Install FFmpeg and restart MediaCraft.</source>
        <translation>找不到 FFmpeg，因此无法读取视频。请安装 FFmpeg 后重新启动 MediaCraft。</translation>
    </message>
    <message>
        <source>Something unexpected went wrong while opening this video.</source>
        <translation>打开该视频时发生了意外错误。</translation>
    </message>
    <message>
        <source>This file is not a readable video. Check that it plays in a media player.</source>
        <translation>该文件不是可读取的视频。请确认它能在播放器中播放。</translation>
    </message>
    <message>
        <source>This frame could not be read.</source>
        <translation>无法读取这一帧。</translation>
    </message>
    <message>
        <source>The preview could not be computed for this frame.</source>
        <translation>无法为这一帧计算预览。</translation>
    </message>
    <message>
        <source>This analysis is not available in this installation.</source>
        <translation>此安装中不提供该分析功能。</translation>
    </message>
    <message>
        <source>Logo detection failed. Draw the regions by hand.</source>
        <translation>水印检测失败。请手动绘制区域。</translation>
    </message>
    <message>
        <source>The mask could not be estimated. The whole rectangle will be filled.</source>
        <translation>无法估算蒙版。将填充整个矩形。</translation>
    </message>
</context>
<context>
    <name>RemovalUndo</name>
    <message>
        <source>Add region</source>
        <translation>添加区域</translation>
    </message>
    <message>
        <source>Delete region</source>
        <translation>删除区域</translation>
    </message>
    <message>
        <source>Change region</source>
        <translation>修改区域</translation>
    </message>
    <message>
        <source>Delete all regions</source>
        <translation>删除全部区域</translation>
    </message>
    <message>
        <source>Move region</source>
        <translation>移动区域</translation>
    </message>
    <message>
        <source>Resize region</source>
        <translation>调整区域大小</translation>
    </message>
    <message>
        <source>Change time range</source>
        <translation>修改时间范围</translation>
    </message>
    <message>
        <source>Erase from mask</source>
        <translation>从蒙版擦除</translation>
    </message>
    <message>
        <source>Paint mask</source>
        <translation>绘制蒙版</translation>
    </message>
    <message>
        <source>Estimate mask</source>
        <translation>估算蒙版</translation>
    </message>
    <message>
        <source>Remove mask</source>
        <translation>移除蒙版</translation>
    </message>
    <message>
        <source>Add suggested regions</source>
        <translation>添加建议的区域</translation>
    </message>
</context>
<context>
    <name>RemovalWorkspace</name>
    <message>
        <source>Remove a watermark</source>
        <translation>去除水印</translation>
    </message>
    <message>
        <source>Open a video, drag a rectangle over each watermark, check the preview, then add the job to the queue.</source>
        <translation>打开视频，在每个水印上拖出一个矩形，检查预览，然后把任务加入队列。</translation>
    </message>
    <message>
        <source>Open video…</source>
        <translation>打开视频…</translation>
    </message>
    <message>
        <source>You can also drop a video file here.</source>
        <translation>也可以把视频文件拖到这里。</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Preview removal</source>
        <translation>预览去除效果</translation>
    </message>
    <message>
        <source>Show the current frame with the regions removed (P)</source>
        <translation>显示去除区域后的当前帧（P）</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>分屏</translation>
    </message>
    <message>
        <source>Original on the left, preview on the right; drag the divider ({0}). Hold {1} to see the original.</source>
        <translation>左边是原始画面，右边是预览；可拖动分隔线（{0}）。按住 {1} 查看原始画面。</translation>
    </message>
    <message>
        <source>Panel</source>
        <translation>侧栏</translation>
    </message>
    <message>
        <source>Show or hide the side panel ({0})</source>
        <translation>显示或隐藏侧栏（{0}）</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Previous frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>Next frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>Back one second</source>
        <translation>后退一秒</translation>
    </message>
    <message>
        <source>Forward one second</source>
        <translation>前进一秒</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>第一帧</translation>
    </message>
    <message>
        <source>Last frame</source>
        <translation>最后一帧</translation>
    </message>
    <message>
        <source>Delete region</source>
        <translation>删除区域</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom in (+ or Ctrl+wheel)</source>
        <translation>放大（+ 或 Ctrl+滚轮）</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom out (- or Ctrl+wheel)</source>
        <translation>缩小（- 或 Ctrl+滚轮）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Show the whole frame (0)</source>
        <translation>显示完整画面（0）</translation>
    </message>
    <message>
        <source>Split compare</source>
        <translation>分屏对比</translation>
    </message>
    <message>
        <source>Side panel</source>
        <translation>侧栏</translation>
    </message>
    <message>
        <source>Undo: {0} (Ctrl+Z)</source>
        <translation>撤销：{0}（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Redo: {0} (Ctrl+Shift+Z)</source>
        <translation>重做：{0}（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <source>Open a video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <source>Videos ({0});;All files (*)</source>
        <translation>视频 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Regions restored from your last visit to this video.</source>
        <translation>已恢复上次编辑此视频时的区域。</translation>
    </message>
    <message>
        <source>The job could not be saved. Check the disk and try again.</source>
        <translation>无法保存任务。请检查磁盘后重试。</translation>
    </message>
    <message>
        <source>Drag on the picture to mark each watermark.</source>
        <translation>在画面上拖动，框出每个水印。</translation>
    </message>
    <message>
        <source>Loaded from the task: change what you like and add it to the queue again.</source>
        <translation>已从任务载入：按需修改后再次加入队列。</translation>
    </message>
    <message>
        <source>Preview: this frame with the regions removed.</source>
        <translation>预览：去除区域后的当前帧。</translation>
    </message>
    <message>
        <source>Preview: no region applies to this frame.</source>
        <translation>预览：当前帧没有生效的区域。</translation>
    </message>
    <message>
        <source>Preview: draw a region to see it removed.</source>
        <translation>预览：画出区域即可看到去除效果。</translation>
    </message>
    <message>
        <source>Computing the preview…</source>
        <translation>正在计算预览…</translation>
    </message>
    <message>
        <source>Added “{0}” to the queue. Checking the video…</source>
        <translation>已把“{0}”加入队列，正在检查视频…</translation>
    </message>
    <message>
        <source>“{0}” is waiting in the queue.</source>
        <translation>“{0}”正在队列中等待。</translation>
    </message>
    <message>
        <source>Removing the watermark from “{0}”: {1} %.</source>
        <translation>正在去除“{0}”的水印：{1}%。</translation>
    </message>
    <message>
        <source>Finished. Saved as {0}.</source>
        <translation>完成，已保存为 {0}。</translation>
    </message>
    <message>
        <source>“{0}” failed. See the task list for details.</source>
        <translation>“{0}”失败。详情请查看任务列表。</translation>
    </message>
    <message>
        <source>“{0}” was cancelled.</source>
        <translation>“{0}”已取消。</translation>
    </message>
    <message>
        <source>“{0}” is paused in the queue.</source>
        <translation>“{0}”已在队列中暂停。</translation>
    </message>
    <message>
        <source>“{0}” was interrupted and will resume.</source>
        <translation>“{0}”被中断，将会继续。</translation>
    </message>
    <message>
        <source>Watermark removal is not available in this installation.</source>
        <translation>当前安装不支持去水印功能。</translation>
    </message>
    <message>
        <source>The job could not be added: no video is open.</source>
        <translation>无法添加任务：没有打开视频。</translation>
    </message>
    <message>
        <source>The job could not be added to the queue.</source>
        <translation>无法把任务加入队列。</translation>
    </message>
    <message>
        <source>{0} × {1}</source>
        <translation>{0} × {1}</translation>
    </message>
    <message>
        <source>{0} fps</source>
        <translation>{0} fps</translation>
    </message>
    <message>
        <source>no audio</source>
        <translation>无音频</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
    <message>
        <source>x {0}, y {1}</source>
        <translation>x {0}, y {1}</translation>
    </message>
    <message>
        <source>Open a video first.</source>
        <translation>请先打开视频。</translation>
    </message>
    <message>
        <source>Draw at least one region over the watermark.</source>
        <translation>请至少在水印上画一个区域。</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <source>Enter a file name for the result.</source>
        <translation>请输入结果的文件名。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Tasks at the same time:</source>
        <translation>同时运行的任务数：</translation>
    </message>
    <message>
        <source>Watermark removals at once:</source>
        <translation>同时去水印的任务数：</translation>
    </message>
    <message>
        <source>Merges at once:</source>
        <translation>同时合并的任务数：</translation>
    </message>
    <message>
        <source>Time limit per task:</source>
        <translation>每个任务的时间上限：</translation>
    </message>
    <message>
        <source>Attempts on temporary errors:</source>
        <translation>临时错误时的尝试次数：</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Pause the queue below:</source>
        <translation>低于此值时暂停队列：</translation>
    </message>
    <message>
        <source> MB free</source>
        <translation> MB 可用</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Clean-up</source>
        <translation>清理</translation>
    </message>
    <message>
        <source>Remove finished tasks after:</source>
        <translation>已结束的任务保留：</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Also delete their result files</source>
        <translation>同时删除它们的结果文件</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用程序</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Keep running in the tray when the window is closed</source>
        <translation>关闭窗口后在系统托盘中继续运行</translation>
    </message>
    <message>
        <source>Ask before cancelling a running task</source>
        <translation>取消正在运行的任务前询问</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>作用</translation>
    </message>
    <message>
        <source>Remove watermark: {0}</source>
        <translation>去水印：{0}</translation>
    </message>
    <message>
        <source>Window and tasks</source>
        <translation>窗口与任务</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Frame and view</source>
        <translation>画面与视图</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Preview and compare</source>
        <translation>预览与对比</translation>
    </message>
    <message>
        <source>Mask and detection</source>
        <translation>蒙版与检测</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Previous frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>Next frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>Back one second</source>
        <translation>后退一秒</translation>
    </message>
    <message>
        <source>Forward one second</source>
        <translation>前进一秒</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>第一帧</translation>
    </message>
    <message>
        <source>Last frame</source>
        <translation>最后一帧</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Show the whole frame</source>
        <translation>显示整个画面</translation>
    </message>
    <message>
        <source>Zoom at the pointer</source>
        <translation>以指针为中心缩放</translation>
    </message>
    <message>
        <source>Ctrl + wheel</source>
        <translation>Ctrl + 滚轮</translation>
    </message>
    <message>
        <source>Move the picture</source>
        <translation>移动画面</translation>
    </message>
    <message>
        <source>Middle button drag, or Space + drag</source>
        <translation>中键拖动，或空格 + 拖动</translation>
    </message>
    <message>
        <source>Show or hide the side panel</source>
        <translation>显示或隐藏侧栏</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>播放或暂停</translation>
    </message>
    <message>
        <source>Play backwards (again: 2x, then 4x)</source>
        <translation>倒放（再按：2 倍，然后 4 倍速）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play forward (again: 2x, then 4x)</source>
        <translation>播放（再按：2 倍，然后 4 倍速）</translation>
    </message>
    <message>
        <source>Draw a region</source>
        <translation>绘制区域</translation>
    </message>
    <message>
        <source>Drag on the picture</source>
        <translation>在画面上拖动</translation>
    </message>
    <message>
        <source>Delete the selected region</source>
        <translation>删除所选区域</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Preview removal on or off</source>
        <translation>打开或关闭去除效果预览</translation>
    </message>
    <message>
        <source>Split view: original left, preview right</source>
        <translation>分屏：左边原始，右边预览</translation>
    </message>
    <message>
        <source>Hold to see the original (or, with the preview off, the preview)</source>
        <translation>按住查看原始画面（预览关闭时则查看预览）</translation>
    </message>
    <message>
        <source>Preview clip: about 2 s around the frame, processed, in a loop</source>
        <translation>预览片段：处理此帧前后约 2 秒并循环播放</translation>
    </message>
    <message>
        <source>Detect logos</source>
        <translation>检测水印</translation>
    </message>
    <message>
        <source>Estimate the mask</source>
        <translation>估算蒙版</translation>
    </message>
    <message>
        <source>Mask brush on or off</source>
        <translation>打开或关闭蒙版画笔</translation>
    </message>
    <message>
        <source>Show the mask</source>
        <translation>显示蒙版</translation>
    </message>
    <message>
        <source>Smaller brush</source>
        <translation>缩小画笔</translation>
    </message>
    <message>
        <source>Larger brush</source>
        <translation>放大画笔</translation>
    </message>
    <message>
        <source>Erase with the brush</source>
        <translation>用画笔擦除</translation>
    </message>
    <message>
        <source>Right button, or Alt + left button</source>
        <translation>右键，或 Alt + 左键</translation>
    </message>
</context>
<context>
    <name>Stages</name>
    <message>
        <source>Starting</source>
        <translation>正在开始</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Holding…</source>
        <translation>正在搁置…</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>已搁置</translation>
    </message>
    <message>
        <source>Waiting to retry</source>
        <translation>等待重试</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>Removing the watermark: frame %1 of %2</source>
        <translation>去水印：%1/%2 帧</translation>
    </message>
    <message>
        <source>Joining segments</source>
        <translation>正在拼接分段</translation>
    </message>
    <message>
        <source>Checking the result</source>
        <translation>正在检查结果</translation>
    </message>
    <message>
        <source>Checking clips</source>
        <translation>正在检查片段</translation>
    </message>
    <message>
        <source>Copying clip %1 of %2</source>
        <translation>正在复制第 %1 个片段，共 %2 个</translation>
    </message>
    <message>
        <source>Encoding %1 / %2</source>
        <translation>正在编码 %1 / %2</translation>
    </message>
    <message>
        <source>Encoding clip %1 of %2 (%3 / %4)</source>
        <translation>正在编码第 %1 个片段，共 %2 个（%3 / %4）</translation>
    </message>
    <message>
        <source>Encoded clip %1 of %2</source>
        <translation>已编码第 %1 个片段，共 %2 个</translation>
    </message>
    <message>
        <source>Joining clips</source>
        <translation>正在拼接片段</translation>
    </message>
    <message>
        <source>Removing the watermark: %1 frames</source>
        <translation>去水印：%1 帧</translation>
    </message>
</context>
<context>
    <name>TaskActions</name>
    <message>
        <source>&amp;Details…</source>
        <translation>详情(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Hold</source>
        <translation>搁置(&amp;H)</translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation>放行(&amp;L)</translation>
    </message>
    <message>
        <source>Raise &amp;priority</source>
        <translation>提高优先级(&amp;P)</translation>
    </message>
    <message>
        <source>Lower p&amp;riority</source>
        <translation>降低优先级(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Open result</source>
        <translation>打开结果(&amp;O)</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>移除(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Pause queue</source>
        <translation>暂停队列(&amp;P)</translation>
    </message>
    <message>
        <source>Keep this task from running until you release it (a running task stops at its next checkpoint and keeps its finished work)</source>
        <translation>搁置此任务，直到您放行（正在运行的任务会在下一个检查点停止，并保留已完成的工作）</translation>
    </message>
    <message>
        <source>Start no new tasks; running ones continue</source>
        <translation>不再启动新任务；正在运行的任务继续</translation>
    </message>
    <message>
        <source>&amp;Stop after current</source>
        <translation>当前任务完成后停止(&amp;S)</translation>
    </message>
    <message>
        <source>Let running tasks finish, then pause the queue</source>
        <translation>让正在运行的任务完成，然后暂停队列</translation>
    </message>
    <message>
        <source>C&amp;lear finished…</source>
        <translation>清除已结束的任务(&amp;L)…</translation>
    </message>
    <message>
        <source>Remove completed, failed and cancelled tasks from the list</source>
        <translation>从列表中移除已完成、失败和已取消的任务</translation>
    </message>
    <message>
        <source>&amp;Edit again…</source>
        <translation>再次编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Open this task&apos;s video, regions and settings in the editor to change them and queue a new task (this one stays as it is)</source>
        <translation>在编辑器中打开此任务的视频、区域和设置，修改后作为新任务加入队列（此任务保持不变）</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Cancel %n task(s)</source>
        <translation>
            <numerusform>取消 %n 个任务(&amp;C)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Retry %n task(s)</source>
        <translation>
            <numerusform>重试 %n 个任务(&amp;R)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Set priority of %n task(s)…</source>
        <translation>
            <numerusform>设置 %n 个任务的优先级…</numerusform>
        </translation>
    </message>
    <message>
        <source>Set pr&amp;iority…</source>
        <translation>设置优先级(&amp;I)…</translation>
    </message>
    <message numerus="yes">
        <source>Re&amp;move %n task(s)…</source>
        <translation>
            <numerusform>移除 %n 个任务(&amp;M)…</numerusform>
        </translation>
    </message>
    <message>
        <source>Set priority</source>
        <translation>设置优先级</translation>
    </message>
    <message numerus="yes">
        <source>Priority of %n task(s) (higher runs first):</source>
        <translation>
            <numerusform>%n 个任务的优先级（数值越高越先运行）：</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove tasks</source>
        <translation>移除任务</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n task(s) from the list?</source>
        <translation>
            <numerusform>从列表中移除 %n 个任务?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them are running: they are cancelled and their work so far is discarded.</source>
        <translation>
            <numerusform>其中 %n 个正在运行：它们将被取消，目前已处理的部分将被丢弃。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them have a result file. It stays on disk unless you tick the box.</source>
        <translation>
            <numerusform>其中 %n 个有结果文件。除非勾选下面的选项，结果文件会保留在磁盘上。</numerusform>
        </translation>
    </message>
    <message>
        <source>Also delete the result files</source>
        <translation>同时删除结果文件</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>TaskDetailDialog</name>
    <message>
        <source>Task ID:</source>
        <translation>任务 ID：</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>优先级：</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>尝试次数：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>开始时间：</translation>
    </message>
    <message>
        <source>Finished:</source>
        <translation>结束时间：</translation>
    </message>
    <message>
        <source>Run time:</source>
        <translation>运行时长：</translation>
    </message>
    <message>
        <source>Input files:</source>
        <translation>输入文件：</translation>
    </message>
    <message>
        <source>Result file:</source>
        <translation>结果文件：</translation>
    </message>
    <message>
        <source>Result size:</source>
        <translation>结果大小：</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>设置：</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Cancel task</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Open result</source>
        <translation>打开结果</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Copy log</source>
        <translation>复制日志</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>处理前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>处理后</translation>
    </message>
    <message>
        <source>Task: %1</source>
        <translation>任务：%1</translation>
    </message>
    <message>
        <source>%1 of at most %2</source>
        <translation>%1 / 最多 %2</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>建议操作：%1</translation>
    </message>
    <message>
        <source>Detail (%1): %2</source>
        <translation>详细信息（%1）：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n region(s)</source>
        <translation>
            <numerusform>%n 个区域</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with a mask</source>
        <translation>
            <numerusform>%n 个带蒙版</numerusform>
        </translation>
    </message>
    <message>
        <source>method: %1</source>
        <translation>方法：%1</translation>
    </message>
    <message>
        <source>automatic (copy when possible)</source>
        <translation>自动（尽可能直接复制）</translation>
    </message>
    <message>
        <source>stream copy</source>
        <translation>流复制</translation>
    </message>
    <message>
        <source>re-encode</source>
        <translation>重新编码</translation>
    </message>
    <message>
        <source>joining: %1</source>
        <translation>拼接方式：%1</translation>
    </message>
    <message>
        <source>The preview appears when the task has completed.</source>
        <translation>任务完成后在此显示预览。</translation>
    </message>
    <message>
        <source>No preview available.</source>
        <translation>没有可用的预览。</translation>
    </message>
    <message>
        <source>Loading the preview…</source>
        <translation>正在加载预览…</translation>
    </message>
    <message>
        <source>No preview: %1</source>
        <translation>无法预览：%1</translation>
    </message>
</context>
<context>
    <name>TaskModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>顺序</translation>
    </message>
</context>
<context>
    <name>TasksDock</name>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Search output, input or folder</source>
        <translation>搜索输出、输入或文件夹</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n 个运行中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n 个等待中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n 个失败</numerusform>
        </translation>
    </message>
    <message>
        <source>queue paused</source>
        <translation>队列已暂停</translation>
    </message>
    <message>
        <source>stopping after the running tasks</source>
        <translation>当前任务完成后停止</translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <source>Back one second (Shift+Left)</source>
        <translation>后退一秒（Shift+←）</translation>
    </message>
    <message>
        <source>Previous frame (Left)</source>
        <translation>上一帧（←）</translation>
    </message>
    <message>
        <source>Next frame (Right)</source>
        <translation>下一帧（→）</translation>
    </message>
    <message>
        <source>Forward one second (Shift+Right)</source>
        <translation>前进一秒（Shift+→）</translation>
    </message>
    <message>
        <source>Frame {0} of {1}</source>
        <translation>第 {0} 帧，共 {1} 帧</translation>
    </message>
    <message>
        <source>No video</source>
        <translation>没有视频</translation>
    </message>
</context>
</TS>
