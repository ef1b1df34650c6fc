// Vietnamese (default) and English texts; the choice is remembered in localStorage.

const LANG_KEY = 'wardwatch.lang';

const dict = {
  vi: {
    'app.title': 'WardWatch console — Bảng điều hành',
    'nav.review': 'Duyệt vi phạm', 'nav.board': 'Bảng trực tiếp', 'nav.counts': 'Lưu lượng', 'nav.geometry': 'Hình học camera',
    'login.title': 'Đăng nhập', 'login.user': 'Tên đăng nhập', 'login.password': 'Mật khẩu', 'login.submit': 'Đăng nhập',
    'login.failed': 'Sai tên đăng nhập hoặc mật khẩu', 'login.locked': 'Quá nhiều lần thử, vui lòng đợi vài phút',
    'logout': 'Đăng xuất', 'loading': 'Đang tải…', 'error': 'Lỗi', 'none': 'Không có',
    'role.admin': 'quản trị', 'role.officer': 'cán bộ', 'role.coordinator': 'điều phối', 'role.ioc': 'IOC',
    'review.filters': 'Bộ lọc', 'review.camera': 'Camera', 'review.type': 'Loại', 'review.status': 'Trạng thái',
    'review.plate': 'Biển số', 'review.apply': 'Lọc', 'review.all': 'Tất cả', 'review.empty': 'Không có vi phạm nào',
    'review.more': 'Tải thêm', 'review.confirm': 'Xác nhận (c)', 'review.reject': 'Bác bỏ (r)', 'review.verify': 'Kiểm tra toàn vẹn (v)',
    'review.reason': 'Lý do bác bỏ', 'review.note': 'Ghi chú', 'review.send': 'Gửi', 'review.cancel': 'Huỷ',
    'review.place': 'Địa điểm', 'review.time': 'Thời gian', 'review.lane': 'Làn', 'review.signal': 'Đèn tín hiệu',
    'review.class': 'Phương tiện', 'review.confidence': 'Độ tin cậy', 'review.alternatives': 'Cách đọc khác',
    'review.integrity': 'Toàn vẹn', 'review.integrity.ok': 'Hợp lệ — chữ ký và mã băm khớp',
    'review.integrity.bad': 'KHÔNG hợp lệ', 'review.integrity.unknown': 'Chưa kiểm tra',
    'review.pictures': 'Ảnh toàn cảnh', 'review.vehicle': 'Ảnh phương tiện', 'review.platecrop': 'Ảnh biển số',
    'review.clip': 'Đoạn video', 'review.noclip': 'Không có đoạn video', 'review.done': 'Đã duyệt',
    'review.reviewed': 'Đã duyệt bởi', 'review.reads': 'lần đọc', 'review.invalid': 'sai định dạng biển số',
    'review.held': 'đã', 'moment.before': 'trước vạch', 'moment.on': 'trên vạch', 'moment.past': 'qua vạch',
    'moment.after': 'sau', 'moment.start': 'bắt đầu', 'moment.now': 'hiện tại', 'moment.entry': 'đi vào',
    'moment.outside': 'bên ngoài', 'moment.inside': 'bên trong', 'review.select': 'Chọn một vi phạm trong danh sách',
    'review.help': 'Phím tắt: j/k tiếp/trước · c xác nhận · r bác bỏ · v kiểm tra · ? trợ giúp',
    'status.new': 'mới', 'status.confirmed': 'đã xác nhận', 'status.rejected': 'đã bác bỏ',
    'type.red_light': 'Vượt đèn đỏ', 'type.wrong_way': 'Đi ngược chiều', 'type.wrong_lane': 'Sai làn',
    'type.illegal_stopping': 'Dừng đỗ sai quy định', 'type.restricted_zone': 'Đi vào khu vực cấm',
    'reason.not_a_violation': 'Không phải vi phạm', 'reason.wrong_vehicle': 'Sai phương tiện',
    'reason.plate_unreadable': 'Không đọc được biển', 'reason.wrong_plate': 'Sai biển số',
    'reason.emergency_vehicle': 'Xe ưu tiên', 'reason.signal_fault': 'Đèn tín hiệu lỗi', 'reason.duplicate': 'Trùng lặp',
    'reason.other': 'Khác',
    'signal.red': 'đỏ', 'signal.yellow': 'vàng', 'signal.green': 'xanh', 'signal.unknown': 'không rõ',
    'board.zones': 'Mức ùn tắc theo khu vực', 'board.warnings': 'Cảnh báo trật tự công cộng đang hoạt động',
    'board.cameras': 'Tình trạng camera', 'board.nowarnings': 'Không có cảnh báo', 'board.live': 'Trực tiếp',
    'board.vehicles': 'xe', 'board.people': 'người', 'board.fps': 'khung/giây', 'board.drops': 'khung bị bỏ',
    'board.since': 'từ', 'board.raised': 'phát lúc',
    'level.free': 'thông thoáng', 'level.slow': 'chậm', 'level.congested': 'ùn tắc', 'level.jammed': 'tắc nghẽn',
    'kind.congestion': 'Ùn tắc', 'kind.crowd': 'Tụ tập đông người', 'kind.surge': 'Tăng đột biến', 'kind.disk_low': 'Sắp hết ổ đĩa',
    'state.online': 'trực tuyến', 'state.offline': 'mất kết nối', 'state.starting': 'đang khởi động', 'state.stalled': 'đứng hình',
    'counts.camera': 'Camera', 'counts.line': 'Vạch đếm', 'counts.class': 'Loại xe', 'counts.direction': 'Hướng',
    'counts.interval': 'Theo', 'counts.split': 'Tách theo', 'counts.from': 'Từ', 'counts.to': 'Đến', 'counts.show': 'Xem', 'counts.csv': 'Tải CSV',
    'counts.total': 'Tổng', 'counts.start': 'Bắt đầu', 'counts.count': 'Số lượt', 'counts.empty': 'Không có số liệu',
    'interval.1h': 'giờ', 'interval.1d': 'ngày', 'interval.1w': 'tuần',
    'class.car': 'ô tô', 'class.motorbike': 'xe máy', 'class.bus': 'xe buýt', 'class.truck': 'xe tải',
    'class.bicycle': 'xe đạp', 'class.person': 'người đi bộ',
    'dir.in': 'vào', 'dir.out': 'ra',
    'geometry.camera': 'Camera', 'geometry.noframe': 'Chưa có khung hình — hình học vẽ trên nền trống',
    'geometry.unavailable': 'Máy chủ chưa cung cấp hình học của camera này',
    'geometry.lines': 'Vạch đếm', 'geometry.lanes': 'Làn', 'geometry.zones': 'Khu vực', 'geometry.stoplines': 'Vạch dừng',
    'geometry.signals': 'Đèn tín hiệu', 'geometry.nostop': 'Cấm dừng đỗ', 'geometry.restricted': 'Khu vực cấm'
  },
  en: {
    'app.title': 'WardWatch console',
    'nav.review': 'Review', 'nav.board': 'Live board', 'nav.counts': 'Counts', 'nav.geometry': 'Geometry',
    'login.title': 'Log in', 'login.user': 'User name', 'login.password': 'Password', 'login.submit': 'Log in',
    'login.failed': 'Wrong user name or password', 'login.locked': 'Too many attempts, wait a few minutes',
    'logout': 'Log out', 'loading': 'Loading…', 'error': 'Error', 'none': 'None',
    'role.admin': 'admin', 'role.officer': 'officer', 'role.coordinator': 'coordinator', 'role.ioc': 'IOC',
    'review.filters': 'Filters', 'review.camera': 'Camera', 'review.type': 'Type', 'review.status': 'Status',
    'review.plate': 'Plate', 'review.apply': 'Filter', 'review.all': 'All', 'review.empty': 'No violations',
    'review.more': 'Load more', 'review.confirm': 'Confirm (c)', 'review.reject': 'Reject (r)', 'review.verify': 'Check integrity (v)',
    'review.reason': 'Reason', 'review.note': 'Note', 'review.send': 'Send', 'review.cancel': 'Cancel',
    'review.place': 'Place', 'review.time': 'Time', 'review.lane': 'Lane', 'review.signal': 'Signal',
    'review.class': 'Vehicle', 'review.confidence': 'Confidence', 'review.alternatives': 'Alternatives',
    'review.integrity': 'Integrity', 'review.integrity.ok': 'Valid — signature and hashes match',
    'review.integrity.bad': 'NOT valid', 'review.integrity.unknown': 'Not checked',
    'review.pictures': 'Overview pictures', 'review.vehicle': 'Vehicle', 'review.platecrop': 'Plate',
    'review.clip': 'Clip', 'review.noclip': 'No clip', 'review.done': 'Reviewed',
    'review.reviewed': 'Reviewed by', 'review.reads': 'reads', 'review.invalid': 'not a valid plate format',
    'review.held': 'for', 'moment.before': 'before the line', 'moment.on': 'on the line', 'moment.past': 'past the line',
    'moment.after': 'after', 'moment.start': 'start', 'moment.now': 'now', 'moment.entry': 'entry',
    'moment.outside': 'outside', 'moment.inside': 'inside', 'review.select': 'Pick a violation from the list',
    'review.help': 'Keys: j/k next/previous · c confirm · r reject · v verify · ? help',
    'status.new': 'new', 'status.confirmed': 'confirmed', 'status.rejected': 'rejected',
    'type.red_light': 'Red light', 'type.wrong_way': 'Wrong way', 'type.wrong_lane': 'Wrong lane',
    'type.illegal_stopping': 'Illegal stopping', 'type.restricted_zone': 'Restricted zone',
    'reason.not_a_violation': 'Not a violation', 'reason.wrong_vehicle': 'Wrong vehicle',
    'reason.plate_unreadable': 'Plate unreadable', 'reason.wrong_plate': 'Wrong plate',
    'reason.emergency_vehicle': 'Emergency vehicle', 'reason.signal_fault': 'Signal fault', 'reason.duplicate': 'Duplicate',
    'reason.other': 'Other',
    'signal.red': 'red', 'signal.yellow': 'yellow', 'signal.green': 'green', 'signal.unknown': 'unknown',
    'board.zones': 'Congestion by zone', 'board.warnings': 'Active public-order warnings',
    'board.cameras': 'Camera health', 'board.nowarnings': 'No warnings', 'board.live': 'Live',
    'board.vehicles': 'vehicles', 'board.people': 'people', 'board.fps': 'fps', 'board.drops': 'dropped',
    'board.since': 'since', 'board.raised': 'raised',
    'level.free': 'free', 'level.slow': 'slow', 'level.congested': 'congested', 'level.jammed': 'jammed',
    'kind.congestion': 'Congestion', 'kind.crowd': 'Crowd', 'kind.surge': 'Surge', 'kind.disk_low': 'Disk low',
    'state.online': 'online', 'state.offline': 'offline', 'state.starting': 'starting', 'state.stalled': 'stalled',
    'counts.camera': 'Camera', 'counts.line': 'Line', 'counts.class': 'Class', 'counts.direction': 'Direction',
    'counts.interval': 'By', 'counts.split': 'Split by', 'counts.from': 'From', 'counts.to': 'To', 'counts.show': 'Show', 'counts.csv': 'Download CSV',
    'counts.total': 'Total', 'counts.start': 'Start', 'counts.count': 'Count', 'counts.empty': 'No counts',
    'interval.1h': 'hour', 'interval.1d': 'day', 'interval.1w': 'week',
    'class.car': 'car', 'class.motorbike': 'motorbike', 'class.bus': 'bus', 'class.truck': 'truck',
    'class.bicycle': 'bicycle', 'class.person': 'pedestrian',
    'dir.in': 'in', 'dir.out': 'out',
    'geometry.camera': 'Camera', 'geometry.noframe': 'No frame yet — geometry drawn on a blank background',
    'geometry.unavailable': 'The server does not offer this camera\'s geometry yet',
    'geometry.lines': 'Count lines', 'geometry.lanes': 'Lanes', 'geometry.zones': 'Zones', 'geometry.stoplines': 'Stop lines',
    'geometry.signals': 'Signal heads', 'geometry.nostop': 'No stopping', 'geometry.restricted': 'Restricted'
  }
};

export function lang() {
  const l = localStorage.getItem(LANG_KEY);
  return l === 'en' ? 'en' : 'vi';
}

export function setLang(l) {
  localStorage.setItem(LANG_KEY, l === 'en' ? 'en' : 'vi');
  document.documentElement.lang = lang();
}

/** The text for a key in the chosen language; the key itself when there is none (e.g. a new API value). */
export function t(key) {
  const d = dict[lang()];
  return d[key] !== undefined ? d[key] : (dict.vi[key] !== undefined ? dict.vi[key] : key);
}

/** A time as local date and time in the chosen language. */
export function time(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang() === 'en' ? 'en-GB' : 'vi-VN');
}
