// Vocabulary of the demo register: issuers, notations and subjects as a ward People's
// Committee of Ho Chi Minh City receives and sends them, with a body paragraph per topic.

export const ORGANISATION = 'UBND phường Tân Hưng';

export const ISSUERS: readonly [string, string][] = [
  ['UBND Thành phố Hồ Chí Minh', 'UBND-VX'], ['Văn phòng UBND Thành phố', 'VP-TH'], ['Sở Xây dựng', 'SXD-QLN'],
  ['Sở Tài chính', 'STC-NS'], ['Sở Nội vụ', 'SNV-CCHC'], ['Sở Tài nguyên và Môi trường', 'STNMT-QLCTR'], ['Sở Y tế', 'SYT-NVY'],
  ['Sở Giáo dục và Đào tạo', 'SGDĐT-VP'], ['Sở Giao thông vận tải', 'SGTVT-QLGT'], ['Công an Thành phố', 'CAHCM-PV01'],
  ['Sở Khoa học và Công nghệ', 'SKHCN-CĐS'], ['Sở Văn hóa và Thể thao', 'SVHTT-QLVH'], ['Thanh tra Thành phố', 'TTTP-P2'],
  ['Ban Chỉ huy Quân sự Thành phố', 'BCH-TM'], ['Sở Công Thương', 'SCT-QLTM'],
];

/** Topic: subject (trích yếu) and a body paragraph. */
export const TOPICS: readonly [string, string][] = [
  ['tăng cường công tác phòng, chống ngập nước mùa mưa', 'Để chủ động ứng phó với triều cường và mưa lớn, đề nghị các đơn vị khơi thông cống rãnh, nạo vét kênh rạch, bố trí lực lượng trực tại các điểm ngập và báo cáo kết quả về Ủy ban nhân dân.'],
  ['triển khai chuyển đổi số và dịch vụ công trực tuyến toàn trình', 'Yêu cầu các phòng, ban đẩy mạnh tiếp nhận hồ sơ trực tuyến, số hóa kết quả giải quyết thủ tục hành chính, cập nhật dữ liệu lên Cổng dịch vụ công quốc gia đúng thời hạn.'],
  ['xử lý tình trạng lấn chiếm vỉa hè, lòng đường', 'Giao lực lượng trật tự đô thị phối hợp công an phường kiểm tra, lập biên bản các trường hợp lấn chiếm, tổ chức ra quân lập lại trật tự đô thị trên các tuyến đường trọng điểm.'],
  ['phòng, chống dịch sốt xuất huyết và bệnh tay chân miệng', 'Trạm y tế phối hợp khu phố tổ chức chiến dịch diệt lăng quăng, phun hóa chất tại các ổ dịch, tuyên truyền người dân chủ động phòng bệnh.'],
  ['kiểm tra an toàn thực phẩm dịp Tết Nguyên đán', 'Thành lập đoàn kiểm tra liên ngành về vệ sinh an toàn thực phẩm tại các chợ, cửa hàng, bếp ăn tập thể; xử lý nghiêm các vi phạm về nguồn gốc hàng hóa.'],
  ['thu gom, vận chuyển và xử lý chất thải rắn sinh hoạt', 'Đề nghị đơn vị thu gom đảm bảo lịch thu gom rác, xử lý các điểm tập kết rác tự phát, vận động người dân phân loại rác tại nguồn.'],
  ['đẩy mạnh cải cách hành chính và nâng cao chỉ số hài lòng', 'Các đơn vị rà soát quy trình nội bộ, rút ngắn thời gian giải quyết hồ sơ, công khai thủ tục hành chính và tiếp nhận phản ánh, kiến nghị của người dân.'],
  ['quản lý trật tự xây dựng trên địa bàn', 'Tăng cường kiểm tra công trình xây dựng không phép, sai phép; kiên quyết xử lý vi phạm và báo cáo định kỳ hằng tháng về tình hình trật tự xây dựng.'],
  ['bảo đảm an ninh trật tự, an toàn giao thông', 'Công an phường chủ trì, phối hợp các đơn vị tuần tra, kiểm soát, xử lý vi phạm trật tự an toàn giao thông tại các nút giao thường xuyên ùn tắc.'],
  ['công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ', 'Rà soát các cơ sở có nguy cơ cháy nổ cao, nhà trọ, chung cư cũ; tổ chức diễn tập phương án chữa cháy và cứu nạn tại khu dân cư.'],
  ['chăm lo đời sống hộ nghèo, hộ cận nghèo', 'Rà soát danh sách hộ nghèo, hộ cận nghèo; hỗ trợ vay vốn, đào tạo nghề và giới thiệu việc làm, bảo đảm không ai bị bỏ lại phía sau.'],
  ['chỉnh trang đô thị, chiếu sáng công cộng và cây xanh', 'Khảo sát hiện trạng đèn chiếu sáng, cây xanh trên các tuyến đường; thay thế đèn hư hỏng, cắt tỉa cây nguy hiểm trước mùa mưa bão.'],
  ['tổ chức tuyển sinh đầu cấp năm học mới', 'Phòng Giáo dục phối hợp các trường rà soát số trẻ trong độ tuổi, bảo đảm đủ chỗ học, công khai kế hoạch tuyển sinh và tiếp nhận hồ sơ trực tuyến.'],
  ['quản lý nhà ở, chung cư cũ xuống cấp', 'Kiểm định chất lượng các chung cư cũ, lập phương án di dời khẩn cấp đối với các khối nhà nguy hiểm, vận động người dân phối hợp thực hiện.'],
  ['thực hành tiết kiệm, chống lãng phí', 'Các đơn vị rà soát việc sử dụng kinh phí, tài sản công; cắt giảm hội họp, tiết kiệm điện, nước và văn phòng phẩm.'],
];

export const INCOMING_TYPES: readonly [string, number][] = [
  ['cong-van', 40], ['ke-hoach', 10], ['thong-bao', 10], ['quyet-dinh', 9], ['giay-moi', 9], ['bao-cao', 5], ['chi-thi', 3], ['huong-dan', 4],
  ['cong-dien', 2], ['to-trinh', 2], ['chuong-trinh', 2], ['quy-dinh', 1], ['phuong-an', 1], ['bien-ban', 1], ['nghi-quyet', 1],
];
export const OUTGOING_TYPES: readonly [string, number][] = [
  ['cong-van', 35], ['bao-cao', 20], ['ke-hoach', 10], ['quyet-dinh', 12], ['thong-bao', 8], ['giay-moi', 6], ['to-trinh', 5], ['bien-ban', 2], ['phuong-an', 2],
];
/** The ký hiệu abbreviation of a type (Appendix III): công văn have none, only the issuer's. */
export const TYPE_ABBREVIATIONS: Record<string, string> = {
  'quyet-dinh': 'QĐ', 'ke-hoach': 'KH', 'thong-bao': 'TB', 'bao-cao': 'BC', 'giay-moi': 'GM', 'chi-thi': 'CT', 'huong-dan': 'HD',
  'cong-dien': 'CĐ', 'to-trinh': 'TTr', 'chuong-trinh': 'CTr', 'quy-dinh': 'QyĐ', 'phuong-an': 'PA', 'bien-ban': 'BB', 'nghi-quyet': 'NQ',
};
export const SIGNERS: readonly [string, string][] = [
  ['Nguyễn Văn Hùng', 'Chủ tịch'], ['Trần Thị Thu Hà', 'Phó Chủ tịch'], ['Lê Minh Đức', 'Phó Chủ tịch'], ['Phạm Quốc Bảo', 'Chánh Văn phòng'],
];
