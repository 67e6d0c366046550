// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPalette>

class QChart;

// Colours a chart's background, title, legend and axes from a widget
// palette, so that charts follow the system's light or dark theme. Unlike
// QChart::setTheme() it leaves the series' own colours (categories, breaker
// states) alone.
void followPalette(QChart *chart, const QPalette &palette);
